import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import { CHECKPOINT_FILES, isCheckpointFileName, type StoredFile } from "@/lib/domain/ingest/checkpoint-files";
import { AppError } from "../errors";

export type ReceivedUpload = { fields: Record<string, string>; files: StoredFile[]; dir: string };

/**
 * Streams a multipart upload to a new folder `<root>/<generated id>`: each file part is written under
 * its allow-listed name (never the client's path) while its sha256 is computed, so no file is ever
 * held in memory. A part over `maxFileBytes`, an unknown or repeated part name, or a broken body
 * removes the folder and throws; the caller owns the folder on success.
 */
export async function receiveCheckpointFiles(req: Request, root: string, maxFileBytes: number): Promise<ReceivedUpload> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data") || !req.body) {
    throw new AppError("BAD_REQUEST", "Expected a multipart/form-data body with a `step` field and one part per checkpoint file");
  }
  const dir = path.join(root, randomUUID());
  fs.mkdirSync(dir, { recursive: true });
  try {
    return { ...(await parseParts(req, type, dir, maxFileBytes)), dir };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function parseParts(req: Request, contentType: string, dir: string, maxFileBytes: number) {
  const fields: Record<string, string> = {};
  const files: StoredFile[] = [];
  const writes: Promise<void>[] = [];
  const parser = Busboy({ headers: { "content-type": contentType }, limits: { fileSize: maxFileBytes, fields: 10, fieldSize: 1024 } });
  let failure: AppError | undefined;
  const fail = (error: AppError) => (failure ??= error);

  parser.on("field", (name, value) => (fields[name] = value));
  parser.on("file", (name, stream) => {
    if (!isCheckpointFileName(name) || files.some((f) => f.name === name)) {
      fail(new AppError("UNPROCESSABLE", `Unexpected file part '${name}': expected each of ${CHECKPOINT_FILES.join(", ")} at most once`, [{ path: name, message: "unexpected file part" }]));
      stream.resume();
      return;
    }
    const hash = createHash("sha256");
    let bytes = 0;
    stream.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    stream.on("limit", () => fail(new AppError("PAYLOAD_TOO_LARGE", `File '${name}' is larger than the limit of ${maxFileBytes} bytes`)));
    writes.push(
      pipeline(stream, fs.createWriteStream(path.join(dir, name))).then(() => {
        files.push({ name, bytes, sha256: hash.digest("hex") });
      }),
    );
  });

  try {
    await pipeline(Readable.fromWeb(req.body as import("node:stream/web").ReadableStream), parser);
    await Promise.all(writes);
  } catch (error) {
    throw failure ?? new AppError("BAD_REQUEST", `The upload broke off or is not valid multipart data (${(error as Error).message})`);
  }
  if (failure) throw failure;
  return { fields, files: CHECKPOINT_FILES.flatMap((n) => files.filter((f) => f.name === n)) };
}
