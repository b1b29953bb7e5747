import os from "node:os";
import type { Db } from "../db";

export type WorkerState = "idle" | "busy" | "stopped";

export type WorkerStatusUpdate = {
  workerId: string;
  state: WorkerState;
  jobId: string | null;
  restarts: number;
  lastError: { message: string; at: string } | null;
  startedAt: Date;
};

/** Rows of workers silent this long are removed: they belong to processes long gone. */
const FORGET_AFTER_MS = 24 * 3600_000;

/** Writes this worker's row of the status table (its heartbeat), read by GET /api/healthz. */
export async function recordWorkerStatus(db: Db, update: WorkerStatusUpdate, now = new Date()): Promise<void> {
  const row = {
    host: os.hostname(),
    pid: process.pid,
    state: update.state,
    jobId: update.jobId,
    restarts: update.restarts,
    lastError: update.lastError?.message.slice(0, 1_000) ?? null,
    lastErrorAt: update.lastError ? new Date(update.lastError.at) : null,
    startedAt: update.startedAt,
    lastHeartbeatAt: now,
  };
  await db.workerStatus.upsert({
    where: { id: update.workerId },
    create: { id: update.workerId, ...row },
    update: row,
  });
}

export async function forgetSilentWorkers(db: Db, now = new Date()): Promise<void> {
  await db.workerStatus.deleteMany({ where: { lastHeartbeatAt: { lt: new Date(now.getTime() - FORGET_AFTER_MS) } } });
}
