import type { StoredFile } from "@/lib/domain/ingest/checkpoint-files";
import type { Db } from "../db";
import { AppError } from "../errors";
import { insertJob } from "../jobs/enqueue-job";
import { writeTransaction } from "../write-transaction";

/** upload and demo (made by the demo loader) live in the blob store; path and s3 are registered folders. */
export type CheckpointSource = "upload" | "demo" | "path" | "s3";
export type NewCheckpoint = { runId: string; step: number; source: CheckpointSource; dir: string; files: StoredFile[] };
export type CreatedCheckpoint = { checkpointId: string; jobId: string };

/**
 * Creates the checkpoint row and its replay job in one transaction, so neither exists without the
 * other. A step that already has a checkpoint is a 409: checked inside the transaction, and a
 * concurrent writer that got there first (the unique (run, step) key) makes the retry see its row, so
 * of two requests for one step exactly one succeeds and the other gets 409, never a 500.
 */
export async function createCheckpoint(db: Db, checkpoint: NewCheckpoint): Promise<CreatedCheckpoint> {
  const { runId, step, source, dir, files } = checkpoint;
  return writeTransaction(db, async (tx) => {
    if (await tx.checkpoint.findUnique({ where: { runId_step: { runId, step } }, select: { id: true } })) {
      throw new AppError("CONFLICT", `Run already has a checkpoint at step ${step}`);
    }
    const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const { id } = await tx.checkpoint.create({
      data: { runId, step, status: "queued", source, dir, files: JSON.stringify(files), totalBytes },
      select: { id: true },
    });
    // A demo checkpoint's replay waits for every other job (BACKGROUND_JOB_TYPES).
    const jobType = source === "demo" ? "score-demo-checkpoint" : "score-checkpoint";
    const jobId = await insertJob(tx, jobType, { checkpointId: id }, { dedupeKey: `score-checkpoint:${id}` });
    await tx.checkpoint.update({ where: { id }, data: { jobId } });
    return { checkpointId: id, jobId };
  });
}
