import { z } from "zod";
import { REQUIRED_CHECKPOINT_FILES } from "@/lib/domain/ingest/checkpoint-files";
import { MAX_STEP } from "@/lib/domain/ingest/schemas";
import { discardBlobFolder } from "../blobs/blob-store";
import { openBlobStore } from "../blobs/open-blob-store";
import type { Config } from "../config";
import type { Db } from "../db";
import { AppError } from "../errors";
import { enqueueJob } from "../jobs/enqueue-job";
import { assertRunExists } from "../runs/get-run";
import { receiveCheckpointFiles } from "./receive-checkpoint-files";

// Digits only: z.coerce.number() would read "" as 0 and " 7", "1e3" or "0x10" as numbers.
const FieldsSchema = z.object({
  step: z
    .string({ error: "required: the training step of this checkpoint" })
    .regex(/^\d{1,10}$/, "expected a whole number of steps such as 300")
    .transform(Number)
    .pipe(z.number().max(MAX_STEP)),
});

export type UploadCheckpointResult = { checkpointId: string; jobId: string };

/**
 * Stores an uploaded checkpoint folder as blobs `checkpoints/<generated id>/<file>` in the configured
 * store (the data directory or S3) and queues its replay. Anything wrong (fields, files, a step that
 * already has a checkpoint) deletes the folder, so a refused upload leaves nothing behind.
 */
export async function uploadCheckpoint(db: Db, config: Config, runId: string, req: Request): Promise<UploadCheckpointResult> {
  await assertRunExists(db, runId);
  const store = openBlobStore(config);
  const upload = await receiveCheckpointFiles(req, store, config.maxCheckpointFileBytes);
  try {
    const { step } = FieldsSchema.parse(upload.fields);
    const missing = REQUIRED_CHECKPOINT_FILES.filter((name) => !upload.files.some((f) => f.name === name));
    if (missing.length > 0) {
      throw new AppError("UNPROCESSABLE", `Missing file part ${missing.join(", ")}`, missing.map((name) => ({ path: name, message: "required" })));
    }
    if (await db.checkpoint.findUnique({ where: { runId_step: { runId, step } }, select: { id: true } })) {
      throw new AppError("CONFLICT", `Run already has a checkpoint at step ${step}`);
    }
    const checkpoint = await db.checkpoint.create({
      data: {
        runId, step, status: "queued", dir: upload.dir,
        files: JSON.stringify(upload.files), totalBytes: upload.files.reduce((sum, f) => sum + f.bytes, 0),
      },
      select: { id: true },
    });
    const job = await enqueueJob(db, "score-checkpoint", { checkpointId: checkpoint.id }, { dedupeKey: `score-checkpoint:${checkpoint.id}` });
    await db.checkpoint.update({ where: { id: checkpoint.id }, data: { jobId: job.id } });
    return { checkpointId: checkpoint.id, jobId: job.id };
  } catch (error) {
    await discardBlobFolder(store, upload.dir);
    throw error;
  }
}
