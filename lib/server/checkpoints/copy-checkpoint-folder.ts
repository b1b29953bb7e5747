import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { discardBlobFolder } from "../blobs/blob-store";
import { openBlobStore } from "../blobs/open-blob-store";
import type { Config } from "../config";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";
import { collectCheckpointFiles } from "./collect-checkpoint-files";
import { createCheckpoint } from "./create-checkpoint";
import { createHashingStream } from "./hashing-stream";
import type { RegisteredCheckpoint } from "./register-checkpoint";

/**
 * Copies a local checkpoint folder into the blob store, as an upload does, for folders the workers
 * cannot read where they are (the CLI's --copy). Files are chosen and checked as for an upload; a
 * refusal or a failure removes what was copied.
 */
export async function copyCheckpointFolder(
  db: Db,
  config: Config,
  runId: string,
  step: number,
  dir: string,
): Promise<RegisteredCheckpoint> {
  await assertRunExists(db, runId);
  const store = openBlobStore(config);
  const blobDir = `checkpoints/${randomUUID()}`;
  const reader = {
    list: async () =>
      (await fs.readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile() || e.isSymbolicLink())
        .map((e) => e.name),
    open: async (name: string) => createReadStream(path.join(dir, name)),
  };
  try {
    const { files, skipped } = await collectCheckpointFiles(reader, dir, async (name, body) => {
      const hashing = createHashingStream();
      await Promise.all([store.put(`${blobDir}/${name}`, hashing.stream), pipeline(body, hashing.stream)]);
      return hashing.digest();
    });
    return { ...(await createCheckpoint(db, { runId, step, source: "upload", dir: blobDir, files })), skipped };
  } catch (error) {
    await discardBlobFolder(store, blobDir);
    throw error;
  }
}
