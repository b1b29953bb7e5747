import { getConfig } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { recordedFaults } from "@/lib/server/service-health/fault-log";
import {
  forgetSilentWorkers,
  recordWorkerStatus,
  type WorkerState,
} from "@/lib/server/service-health/record-worker-status";
import { readSupervision } from "@/lib/server/service-health/supervision";
import { resolveWorkerEnv } from "./env";
import { runLoop } from "./loop";

/** How often the worker rewrites its status row; GET /api/healthz calls a worker silent for 3 beats stale. */
export const WORKER_STATUS_INTERVAL_MS = 5_000;

async function main(): Promise<void> {
  const shutdown = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => shutdown.abort());

  const { workerId, pollMs, device, leaseMs } = resolveWorkerEnv(process.env);
  const db = getDb();
  const supervision = readSupervision(process.env);
  const startedAt = new Date();
  let jobId: string | null = null;
  // The newest of: why the previous process in this slot ended, and what this one saw go wrong.
  const lastError = () => {
    const faults = Object.entries(recordedFaults()).map(([part, f]) => ({
      message: `${part}: ${f.lastError}`,
      at: f.lastErrorAt,
    }));
    const exit = supervision.lastExit
      ? [{ message: `previous worker ${supervision.lastExit.reason}`, at: supervision.lastExit.at }]
      : [];
    return [...exit, ...faults].sort((a, b) => a.at.localeCompare(b.at)).at(-1) ?? null;
  };
  // Failures are recorded by the database retry path and show in the row once it can be written again.
  // One write at a time: while the database is unavailable a beat retries, and later ones are skipped.
  let pending: Promise<void> | null = null;
  const beat = (state: WorkerState) =>
    (pending ??= recordWorkerStatus(db, {
      workerId,
      state,
      jobId,
      restarts: supervision.restarts,
      lastError: lastError(),
      startedAt,
    })
      .catch(() => undefined)
      .finally(() => (pending = null)));
  await forgetSilentWorkers(db).catch(() => undefined);
  await beat("idle");
  const heartbeat = setInterval(() => void beat(jobId ? "busy" : "idle"), WORKER_STATUS_INTERVAL_MS);

  const lease = leaseMs === undefined ? "per job type" : `${leaseMs} ms`;
  console.log(
    `[${workerId}] worker started, polling every ${pollMs} ms; job lease ${lease}; checkpoint replay device: ${device}`,
  );
  try {
    await runLoop({
      db,
      workerId,
      pollMs,
      leaseMs,
      signal: shutdown.signal,
      replay: { dataDir: getConfig().dataDir, device },
      onJob: (id) => {
        jobId = id;
        void beat(id ? "busy" : "idle");
      },
    });
  } finally {
    clearInterval(heartbeat);
    await pending;
    await beat("stopped");
    await db.$disconnect();
    console.log(`[${workerId}] worker stopped`);
  }
}

main().catch((error: unknown) => {
  console.error("worker crashed", error);
  process.exit(1);
});
