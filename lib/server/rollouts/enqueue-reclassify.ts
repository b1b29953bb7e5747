import type { Db } from "../db";
import { enqueueJob } from "../jobs/enqueue-job";
import { assertRunExists } from "../runs/get-run";

/** Queues a re-run of the classifier over a run's stored rollouts; one active job per run. */
export async function enqueueReclassify(db: Db, runId: string): Promise<{ jobId: string; isNew: boolean }> {
  await assertRunExists(db, runId);
  const job = await enqueueJob(db, "reclassify-run", { runId }, { dedupeKey: `reclassify-run:${runId}` });
  return { jobId: job.id, isNew: job.isNew };
}
