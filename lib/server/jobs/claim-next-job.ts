import type { Db } from "../db";

export type ClaimedJob = { id: string; type: string; payload: string; attempts: number; maxAttempts: number };

/**
 * Claims the oldest runnable job with compare-and-set, safe on SQLite and PostgreSQL alike: read a
 * candidate, then update it only if it is still in the state just read. `count === 1` means this
 * worker won it; a lost race tries the next candidate. A running job whose lease expired is
 * claimable again while attempts remain (its worker died or stalled).
 */
export async function claimNextJob(db: Db, workerId: string, leaseMs: number, now = new Date()): Promise<ClaimedJob | null> {
  for (let race = 0; race < 5; race++) {
    const candidate = await db.job.findFirst({
      where: {
        OR: [
          { status: "queued", runAfter: { lte: now } },
          { status: "running", leaseExpiresAt: { lt: now }, attempts: { lt: db.job.fields.maxAttempts } },
        ],
      },
      orderBy: [{ runAfter: "asc" }, { createdAt: "asc" }],
      select: { id: true, status: true, leaseOwner: true, attempts: true },
    });
    if (!candidate) return null;

    const { count } = await db.job.updateMany({
      where: { id: candidate.id, status: candidate.status, leaseOwner: candidate.leaseOwner, attempts: candidate.attempts },
      data: { status: "running", leaseOwner: workerId, leaseExpiresAt: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
    });
    if (count === 1) {
      return db.job.findUniqueOrThrow({ where: { id: candidate.id }, select: { id: true, type: true, payload: true, attempts: true, maxAttempts: true } });
    }
  }
  return null;
}
