import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import {
  CHECKPOINT_FIELDS,
  compareCheckpointFiles,
  isCheckpointFileName,
  PICKLE_FILE,
  PICKLE_REFUSAL,
  type StoredFile,
} from "@/lib/domain/ingest/checkpoint-files";
import { discardBlobFolder, type BlobStore } from "../blobs/blob-store";
import { AppError } from "../errors";
import { createHashingStream } from "./hashing-stream";

/** A checkpoint of 2,000 shards would be 16 TB at transformers' 5 GB shard size (4.x); more is a broken client. */
const MAX_FILE_PARTS = 2000;

const EXPECTED_PARTS =
  "model.onnx [+ model.onnx_data], or config.json with model.safetensors or shards model-0000K-of-0000N.safetensors " +
  "and model.safetensors.index.json; optionally generation_config.json and the tokenizer files (tokenizer.json, " +
  "tokenizer_config.json, special_tokens_map.json, vocab.json, merges.txt, chat_template.jinja), each at most once";

/** Busboy drops fields past these limits silently; each is reported as an error instead. */
const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 1024;

/** `dir`: the blob folder (`checkpoints/<generated id>`) holding the files. */
export type ReceivedUpload = { fields: Record<string, string>; files: StoredFile[]; dir: string };

/**
 * Streams a multipart upload into a new blob folder `checkpoints/<generated id>`: each file part is
 * stored under its allow-listed name (never the client's path) while its sha256 is computed, so no
 * file is ever held in memory whole. A part over `maxFileBytes`, an unknown or repeated part or field
 * name, a field over MAX_FIELD_BYTES or past MAX_FIELDS, or a broken body deletes the folder and
 * throws; the caller owns the folder on success.
 */
export async function receiveCheckpointFiles(
  req: Request,
  store: BlobStore,
  maxFileBytes: number,
): Promise<ReceivedUpload> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data") || !req.body) {
    throw new AppError(
      "BAD_REQUEST",
      "Expected a multipart/form-data body with a `step` field and one part per checkpoint file",
    );
  }
  const dir = `checkpoints/${randomUUID()}`;
  try {
    return { ...(await parseParts(req, type, store, dir, maxFileBytes)), dir };
  } catch (error) {
    await discardBlobFolder(store, dir);
    throw error;
  }
}

async function parseParts(req: Request, contentType: string, store: BlobStore, dir: string, maxFileBytes: number) {
  const fields: Record<string, string> = {};
  const files: StoredFile[] = [];
  const seen = new Set<string>();
  const writes: Promise<void>[] = [];
  const parser = createParser(contentType, maxFileBytes);
  let failure: AppError | undefined;
  let storeFailure: unknown;
  const fail = (error: AppError) => (failure ??= error);

  const badField = (name: string, message: string, issue: string) =>
    fail(new AppError("UNPROCESSABLE", message, [{ path: name, message: issue }]));
  parser.on("field", (name, value, info) => {
    if (!(CHECKPOINT_FIELDS as readonly string[]).includes(name)) {
      const only = CHECKPOINT_FIELDS.join(", ");
      const message = `Unexpected form field '${name}': the only field is ${only}, besides the file parts`;
      badField(name, message, "unexpected field");
    } else if (Object.hasOwn(fields, name)) {
      badField(name, `Form field ${name} is given more than once`, "given more than once");
    } else if (info.valueTruncated) {
      badField(name, `Form field ${name} is longer than ${MAX_FIELD_BYTES} bytes`, "too long");
    } else {
      fields[name] = value;
    }
  });
  parser.on("fieldsLimit", () => {
    fail(new AppError("PAYLOAD_TOO_LARGE", `More than ${MAX_FIELDS} form fields; a checkpoint upload has one, step`));
  });
  parser.on("filesLimit", () => {
    fail(new AppError("UNPROCESSABLE", `More than ${MAX_FILE_PARTS} file parts: a checkpoint folder has far fewer`));
  });
  parser.on("file", (partName: string | undefined, stream) => {
    const name = partName ?? ""; // busboy gives no name for `name=""`
    // A body cut off mid-part errors this stream too; unheard, that would be an uncaught exception that
    // kills the server. The parser's pipeline below reports it as the request's error.
    stream.on("error", () => {});
    const refusal = PICKLE_FILE.test(name) ? PICKLE_REFUSAL : null;
    if (refusal || !isCheckpointFileName(name) || seen.has(name)) {
      const message = refusal
        ? `File part '${name}' refused: ${refusal}`
        : `Unexpected file part '${name}': expected ${EXPECTED_PARTS}`;
      fail(new AppError("UNPROCESSABLE", message, [{ path: name, message: refusal ?? "unexpected file part" }]));
      stream.resume();
      return;
    }
    seen.add(name);
    const { stream: hashing, digest } = createHashingStream();
    stream.on("limit", () =>
      fail(new AppError("PAYLOAD_TOO_LARGE", `File '${name}' is larger than the limit of ${maxFileBytes} bytes`)),
    );
    stream.on("error", (error) => hashing.destroy(error));
    // The store may not read yet (creating its folder): an error before then must not go unheard.
    // Its own pipeline still fails on the destroyed stream, and the parser reports the broken body.
    hashing.on("error", () => {});
    writes.push(
      store.put(`${dir}/${name}`, stream.pipe(hashing)).then(
        () => void files.push({ name, ...digest() }),
        (error: unknown) => {
          // The store gave up (disk, network): drain the part so busboy reaches the next one.
          storeFailure ??= error;
          stream.unpipe(hashing);
          stream.resume();
        },
      ),
    );
  });

  try {
    await pipeline(Readable.fromWeb(req.body as import("node:stream/web").ReadableStream), parser);
  } catch (error) {
    await Promise.all(writes);
    throw (
      failure ??
      new AppError("BAD_REQUEST", `The upload broke off or is not valid multipart data (${(error as Error).message})`)
    );
  }
  await Promise.all(writes);
  if (failure) throw failure;
  // Not the client's fault: the store's own failure (503 or 507 from openBlobStore, else a logged 500).
  if (storeFailure) throw storeFailure;
  return { fields, files: files.sort((a, b) => compareCheckpointFiles(a.name, b.name)) };
}

// Busboy throws at once on a content type without a boundary: that is the client's mistake, not ours.
function createParser(contentType: string, maxFileBytes: number): Busboy.Busboy {
  try {
    // Busboy flags a file of exactly `fileSize` bytes as over the limit; the setting is the largest allowed.
    const limits = {
      fileSize: maxFileBytes + 1,
      files: MAX_FILE_PARTS,
      fields: MAX_FIELDS,
      fieldSize: MAX_FIELD_BYTES,
    };
    return Busboy({ headers: { "content-type": contentType }, limits });
  } catch (error) {
    throw new AppError("BAD_REQUEST", `Expected multipart/form-data with a boundary (${(error as Error).message})`);
  }
}
