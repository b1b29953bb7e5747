import { BACKGROUND_JOB_TYPES } from "@/lib/jobs/contracts";
import { databaseEngineOf, type Db } from "../db";
import { withTransientRetry, withWriteRetry } from "../write-retry";

export type ClaimedJob = { id: string; type: string; payload: string; attempts: number; maxAttempts: number };

/**
 * Hands the oldest runnable job to this worker, or null when there is none to take right now; jobs of
 * BACKGROUND_JOB_TYPES only when nothing else is runnable. Runnable:
 * queued and due, or running with an expired lease (its worker died or stalled) while attempts remain.
 * The claim takes a lease of `leaseMs` and counts one attempt. Each engine gets the statement that
 * gives one job to exactly one worker under its concurrency model.
 */
export async function claimNextJob(
  db: Db,
  workerId: string,
  leaseMs: number,
  now = new Date(),
): Promise<ClaimedJob | null> {
  const leaseExpiresAt = new Date(now.getTime() + leaseMs);
  return databaseEngineOf(db) === "postgresql"
    ? claimWithSkipLocked(db, workerId, leaseExpiresAt, now)
    : claimWithCompareAndSet(db, workerId, leaseExpiresAt, now);
}

/**
 * One statement: the inner SELECT locks the chosen row, and rows other claimers hold locked are
 * skipped instead of waited on, so N workers take N different jobs without retries. Row locks
 * re-check the WHERE on the newest row version, so a job claimed a moment ago is not taken again.
 */
async function claimWithSkipLocked(
  db: Db,
  workerId: string,
  leaseExpiresAt: Date,
  now: Date,
): Promise<ClaimedJob | null> {
  const rows = await db.$queryRaw<ClaimedJob[]>`
    UPDATE "Job"
    SET "status" = 'running', "leaseOwner" = ${workerId}, "leaseExpiresAt" = ${leaseExpiresAt},
        "attempts" = "attempts" + 1, "updatedAt" = ${new Date()}
    WHERE "id" = (
      SELECT "id" FROM "Job"
      WHERE ("status" = 'queued' AND "runAfter" <= ${now})
         OR ("status" = 'running' AND "leaseExpiresAt" < ${now} AND "attempts" < "maxAttempts")
      ORDER BY ("type" = ANY(${[...BACKGROUND_JOB_TYPES]})), "runAfter", "createdAt"
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "type", "payload", "attempts", "maxAttempts"`;
  const row = rows[0];
  return row ? { ...row, attempts: Number(row.attempts), maxAttempts: Number(row.maxAttempts) } : null;
}

/**
 * SQLite has no row locks, but it runs one write at a time, so compare-and-set is enough: read a
 * candidate, then update it only if it is still in the state just read (`count === 1`: this worker
 * won it). A lost race tries the next candidate; after five, null lets the loop back off.
 * Each statement is retried on its own when SQLite was busy (Prisma runs some in an implicit
 * transaction, out of reach of the adapter's statement retry): retrying the whole claim instead
 * could win a job, fail to read it back, and leave it leased to nobody until the lease expires.
 */
type JobTypeList = string[];

async function claimWithCompareAndSet(
  db: Db,
  workerId: string,
  leaseExpiresAt: Date,
  now: Date,
): Promise<ClaimedJob | null> {
  const runnable = (type: { in: JobTypeList } | { notIn: JobTypeList }) =>
    withTransientRetry("job claim", () =>
      db.job.findFirst({
        where: {
          type,
          OR: [
            { status: "queued", runAfter: { lte: now } },
            { status: "running", leaseExpiresAt: { lt: now }, attempts: { lt: db.job.fields.maxAttempts } },
          ],
        },
        orderBy: [{ runAfter: "asc" }, { createdAt: "asc" }],
        select: { id: true, status: true, leaseOwner: true, attempts: true },
      }),
    );
  for (let race = 0; race < 5; race++) {
    const background = [...BACKGROUND_JOB_TYPES];
    const candidate = (await runnable({ notIn: background })) ?? (await runnable({ in: background }));
    if (!candidate) return null;

    // compare-and-set: running it again after a busy or conflicting attempt cannot claim twice
    const { count } = await withWriteRetry(
      () =>
        db.job.updateMany({
          where: {
            id: candidate.id,
            status: candidate.status,
            leaseOwner: candidate.leaseOwner,
            attempts: candidate.attempts,
          },
          data: { status: "running", leaseOwner: workerId, leaseExpiresAt, attempts: { increment: 1 } },
        }),
      { what: "job claim" },
    );
    if (count === 1) {
      return withTransientRetry("job claim", () =>
        db.job.findUniqueOrThrow({
          where: { id: candidate.id },
          select: { id: true, type: true, payload: true, attempts: true, maxAttempts: true },
        }),
      );
    }
  }
  return null;
}
