import { z } from "zod";
import { MAX_STEP } from "@/lib/domain/ingest/schemas";
import { discardBlobFolder } from "../blobs/blob-store";
import { openBlobStore } from "../blobs/open-blob-store";
import type { Config } from "../config";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";
import { assertLoadableFiles } from "./assert-loadable-files";
import { createCheckpoint, type CreatedCheckpoint } from "./create-checkpoint";
import { blobFolderReader } from "./folder-reader";
import { receiveCheckpointFiles } from "./receive-checkpoint-files";

// Digits only: z.coerce.number() would read "" as 0 and " 7", "1e3" or "0x10" as numbers.
const FieldsSchema = z.object({
  step: z
    .string({ error: "required: the training step of this checkpoint" })
    .regex(/^\d{1,10}$/, "expected a whole number of steps such as 300")
    .transform(Number)
    .pipe(z.number().max(MAX_STEP)),
});

/**
 * Stores an uploaded checkpoint folder as blobs `checkpoints/<generated id>/<file>` in the configured
 * store (the data directory or S3) and queues its replay. Anything wrong (fields, a folder the worker
 * could not load, a step that already has a checkpoint) deletes the folder, so a refused upload
 * leaves nothing behind.
 */
export async function uploadCheckpoint(
  db: Db,
  config: Config,
  runId: string,
  req: Request,
): Promise<CreatedCheckpoint> {
  await assertRunExists(db, runId);
  const store = openBlobStore(config);
  const upload = await receiveCheckpointFiles(req, store, config.maxCheckpointFileBytes);
  try {
    const { step } = FieldsSchema.parse(upload.fields);
    await assertLoadableFiles(
      upload.files.map((f) => f.name),
      blobFolderReader(store, upload.dir),
    );
    return await createCheckpoint(db, { runId, step, source: "upload", dir: upload.dir, files: upload.files });
  } catch (error) {
    await discardBlobFolder(store, upload.dir);
    throw error;
  }
}
