import { JobPayloads, type JobPayloadMap, type JobType } from "@/lib/jobs/contracts";
import type { Db } from "../db";
import type { Tx } from "../tx";
import { withWriteRetry } from "../write-retry";

export type EnqueueOptions = { dedupeKey?: string; maxAttempts?: number };

/**
 * Queues a job. With a `dedupeKey`, a job of that key that is still queued or running is returned
 * instead of a second one; a finished job's key is released so the work can be queued again.
 */
export async function enqueueJob<K extends JobType>(
  db: Db,
  type: K,
  payload: JobPayloadMap[K],
  options: EnqueueOptions = {},
): Promise<{ id: string; isNew: boolean }> {
  const { dedupeKey } = options;
  return withWriteRetry(async () => {
    if (dedupeKey) {
      const active = await db.job.findUnique({ where: { dedupeKey }, select: { id: true, status: true } });
      if (active && (active.status === "queued" || active.status === "running")) return { id: active.id, isNew: false };
      if (active) await db.job.updateMany({ where: { id: active.id, dedupeKey }, data: { dedupeKey: null } });
    }
    return { id: await insertJob(db, type, payload, options), isNew: true };
  });
}

/** Writes a new job row as part of the caller's transaction, e.g. with the row the job works on. */
export async function insertJob<K extends JobType>(
  client: Db | Tx,
  type: K,
  payload: JobPayloadMap[K],
  options: EnqueueOptions = {},
): Promise<string> {
  const body = JSON.stringify(JobPayloads[type].parse(payload));
  const { dedupeKey, maxAttempts = 3 } = options;
  const job = await client.job.create({ data: { type, payload: body, dedupeKey, maxAttempts }, select: { id: true } });
  return job.id;
}
