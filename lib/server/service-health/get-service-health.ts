import fs from "node:fs";
import type { Config } from "../config";
import type { Db } from "../db";
import { describeDbError } from "../db-errors";
import { recordedFaults, type FaultRecord } from "./fault-log";
import type { Supervision } from "./supervision";

/** A probe of the database slower than this reports it down, so the health check itself answers promptly. */
const PROBE_TIMEOUT_MS = 2_000;
/** A worker whose status row is older than this is `stale`: stopped, hung, or cut off from the database. */
export const WORKER_STALE_MS = 15_000;
/** A fault last seen this long ago no longer marks its part degraded (it stays listed as lastError). */
const FAULT_FRESH_MS = 60_000;

type PartState = "up" | "degraded" | "down";
type Fault = { lastError: string | null; lastErrorAt: string | null };
type FaultPart = Fault & { state: PartState; failures: number; recoveredAt: string | null };

export type ServiceHealth = {
  /** true when the web app can serve: it answers and its database answers or is only slow (what a load balancer checks) */
  ok: boolean;
  parts: {
    database: FaultPart & { engine: Config["provider"]; latencyMs: number | null };
    web: Fault & { state: "up"; pid: number; uptimeSeconds: number; restarts: number };
    worker: Fault & {
      state: "idle" | "busy" | "stopped" | "stale" | "absent";
      id: string | null;
      jobId: string | null;
      lastHeartbeatAt: string | null;
      restarts: number;
      /** workers with a status row fresher than the stale limit, on any host */
      live: number;
    };
    blobStore: FaultPart & { kind: Config["blobs"]["kind"]; freeBytes: number | null };
    events: FaultPart;
  };
};

/**
 * The health report of GET /api/healthz: cheap enough to poll every few seconds (one `SELECT 1`, one
 * read of the worker status table, a statfs), each probe bounded by a timeout. Faults come from what
 * this process's retry paths recorded; the worker's from its own status row.
 */
export async function getServiceHealth(
  db: Db,
  config: Config,
  supervision: Supervision,
  now = new Date(),
): Promise<ServiceHealth> {
  const faults = recordedFaults();
  const started = performance.now();
  const probe = await withTimeout(db.$queryRawUnsafe("SELECT 1"));
  const latencyMs = probe.ok ? Math.round(performance.now() - started) : null;
  const database = { ...faultPart(faults.database, now), engine: config.provider, latencyMs };
  // Slow (a writer holding the lock, a saturated pool) is degraded, not down: the app still serves
  // pages and retries writes, so a load balancer should keep sending it traffic.
  if (!probe.ok)
    Object.assign(database, {
      state: probe.isTimeout ? "degraded" : "down",
      lastError: probe.error,
      lastErrorAt: now.toISOString(),
    });
  const isDatabaseUp = probe.ok || probe.isTimeout;

  return {
    ok: isDatabaseUp,
    parts: {
      database,
      web: {
        state: "up",
        pid: process.pid,
        uptimeSeconds: Math.round(process.uptime()),
        restarts: supervision.restarts,
        lastError: supervision.lastExit ? `previous web process ${supervision.lastExit.reason}` : null,
        lastErrorAt: supervision.lastExit?.at ?? null,
      },
      worker: isDatabaseUp
        ? await workerPart(db, now)
        : { ...NO_WORKER, lastError: "unknown: the database does not answer" },
      blobStore: { ...faultPart(faults.blobStore, now), kind: config.blobs.kind, freeBytes: await freeBytes(config) },
      events: faultPart(faults.events, now),
    },
  };
}

const NO_WORKER = {
  state: "absent",
  id: null,
  jobId: null,
  lastHeartbeatAt: null,
  restarts: 0,
  live: 0,
  lastError: null,
  lastErrorAt: null,
} as const;

async function workerPart(db: Db, now: Date): Promise<ServiceHealth["parts"]["worker"]> {
  const read = await withTimeout(db.workerStatus.findMany({ orderBy: { lastHeartbeatAt: "desc" }, take: 50 }));
  if (!read.ok) return { ...NO_WORKER, lastError: `unknown: ${read.error}` };
  const isFresh = (at: Date) => now.getTime() - at.getTime() < WORKER_STALE_MS;
  const newest = read.value[0];
  if (!newest) return { ...NO_WORKER };
  return {
    state:
      newest.state === "stopped"
        ? "stopped"
        : isFresh(newest.lastHeartbeatAt)
          ? (newest.state as "idle" | "busy")
          : "stale",
    id: newest.id,
    jobId: newest.jobId,
    lastHeartbeatAt: newest.lastHeartbeatAt.toISOString(),
    restarts: newest.restarts,
    live: read.value.filter((w) => w.state !== "stopped" && isFresh(w.lastHeartbeatAt)).length,
    lastError: newest.lastError,
    lastErrorAt: newest.lastErrorAt?.toISOString() ?? null,
  };
}

function faultPart(fault: FaultRecord | undefined, now: Date): FaultPart {
  if (!fault) return { state: "up", lastError: null, lastErrorAt: null, failures: 0, recoveredAt: null };
  const isFresh = fault.recoveredAt === null && now.getTime() - Date.parse(fault.lastErrorAt) < FAULT_FRESH_MS;
  return {
    state: isFresh ? "degraded" : "up",
    lastError: fault.lastError,
    lastErrorAt: fault.lastErrorAt,
    failures: fault.failures,
    recoveredAt: fault.recoveredAt,
  };
}

/** Free bytes on the local store's file system (null for S3: asking the bucket would not be cheap). */
async function freeBytes(config: Config): Promise<number | null> {
  if (config.blobs.kind !== "local") return null;
  const stats = await fs.promises.statfs(config.dataDir).catch(() => null);
  return stats ? stats.bavail * stats.bsize : null;
}

type Probe<T> = { ok: true; value: T } | { ok: false; error: string; isTimeout: boolean };

async function withTimeout<T>(work: Promise<T>): Promise<Probe<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Probe<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${PROBE_TIMEOUT_MS} ms`, isTimeout: true }),
      PROBE_TIMEOUT_MS,
    );
  });
  const answer = work.then(
    (value): Probe<T> => ({ ok: true, value }),
    (error: unknown): Probe<T> => ({ ok: false, error: describeDbError(error), isTimeout: false }),
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
