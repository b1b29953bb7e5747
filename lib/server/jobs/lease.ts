import { nextRunAfter } from "@/lib/jobs/backoff";
import type { Db } from "../db";

/** Extends the lease and records progress (0-1). False means the lease was lost: stop working. */
export async function heartbeatJob(
  db: Db,
  jobId: string,
  workerId: string,
  leaseMs: number,
  progress?: number,
): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: jobId, leaseOwner: workerId, status: "running" },
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs), ...(progress === undefined ? {} : { progress }) },
  });
  return count === 1;
}

export async function succeedJob(db: Db, jobId: string, workerId: string): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: jobId, leaseOwner: workerId, status: "running" },
    data: { status: "succeeded", progress: 1, leaseExpiresAt: null, lastError: null },
  });
  return count === 1;
}

/** Queues the job again after a backoff, or marks it failed once its attempts are used up. */
export async function failJob(
  db: Db,
  jobId: string,
  workerId: string,
  message: string,
  { now = new Date(), isPermanent = false } = {},
): Promise<void> {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { attempts: true, maxAttempts: true } });
  if (!job) return;
  const isFinal = isPermanent || job.attempts >= job.maxAttempts;
  await db.job.updateMany({
    where: { id: jobId, leaseOwner: workerId, status: "running" },
    data: {
      status: isFinal ? "failed" : "queued",
      lastError: message.slice(0, 2_000),
      leaseOwner: null,
      leaseExpiresAt: null,
      runAfter: isFinal ? undefined : nextRunAfter(job.attempts, now),
    },
  });
}

/**
 * Queues a job again after `delayMs` without counting the attempt its claim took: the database
 * failed, not the job. Its lease must still be this worker's.
 */
export async function releaseJob(
  db: Db,
  jobId: string,
  workerId: string,
  message: string,
  delayMs: number,
  now = new Date(),
): Promise<void> {
  await db.job.updateMany({
    where: { id: jobId, leaseOwner: workerId, status: "running" },
    data: {
      status: "queued",
      lastError: message.slice(0, 2_000),
      leaseOwner: null,
      leaseExpiresAt: null,
      attempts: { decrement: 1 },
      runAfter: new Date(now.getTime() + delayMs),
    },
  });
}

/** Fails running jobs whose lease expired with no attempts left, so they do not stay "running" forever. */
export async function reapExpiredJobs(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.job.updateMany({
    where: { status: "running", leaseExpiresAt: { lt: now }, attempts: { gte: db.job.fields.maxAttempts } },
    data: {
      status: "failed",
      lastError: "The worker stopped responding (lease expired) on the last attempt",
      leaseOwner: null,
    },
  });
  return count;
}
