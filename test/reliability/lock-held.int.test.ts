import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "../helpers";
import { postJson, postWithRetry, type RetryStats } from "./support/api-client";
import { expectedTotals, ingestBatch } from "./support/api-ingest-batches";
import { startApiServer, startWorkerProcess, type ApiServer, type WorkerProcess } from "./support/api-processes";
import { countRunRows } from "./support/api-row-counts";
import { createSuiteDatabase, type ScratchDatabase } from "./support/scratch-database";
import { countLines, getHealth, holdWriteLock } from "./support/service-faults";
import { waitFor } from "./support/worker-processes";

const LOCK_MS = 10_000;
const BATCHES = 6;
const SIZES = { ownRollouts: 30, sharedRollouts: 0, points: 30 };

let suite: ScratchDatabase;
let web: ApiServer;
let worker: WorkerProcess;
beforeAll(async () => {
  suite = await createSuiteDatabase("lock-held");
  web = await startApiServer(suite.env);
  worker = startWorkerProcess(suite.env);
  await waitFor("the worker's first status row", async () =>
    (await getHealth(web.base)).json.parts.worker.state === "idle" ? true : undefined,
  );
});
afterAll(async () => {
  await worker?.stop();
  await web?.kill("SIGTERM");
  await suite?.drop();
});

describe(`another process holding the database's write lock for ${LOCK_MS / 1000} s`, () => {
  it("keeps the web app and the worker up, loses and doubles nothing, and reports the fault once", async () => {
    const runId = (await postJson(web.base, "/api/runs", { name: uniqueName("lock") })).json.id as string;
    const lock = await holdWriteLock(suite.config, LOCK_MS);

    // While the lock is held: a trainer keeps posting, the worker keeps polling for jobs (its lease
    // reaper and claim write), and a load balancer keeps asking /api/healthz.
    const stats: RetryStats = { retries: 0, connectionErrors: 0, serverErrors: 0 };
    const posts = Array.from({ length: BATCHES }, async (_, b) => {
      const { rollouts, points } = ingestBatch(0, b, SIZES);
      const replies = await Promise.all([
        postWithRetry(web.base, `/api/runs/${runId}/rollouts`, { rollouts }, stats),
        postWithRetry(web.base, `/api/runs/${runId}/metrics`, { points }, stats),
      ]);
      return replies.map((r) => r.status);
    });
    const healthDuringLock: number[] = [];
    let isLockHeld = true;
    const released = lock.released.then(() => (isLockHeld = false));
    while (isLockHeld) {
      healthDuringLock.push((await getHealth(web.base)).status);
      await new Promise((r) => setTimeout(r, 500));
    }
    await released;

    expect(await Promise.all(posts)).toEqual(Array.from({ length: BATCHES }, () => [200, 200]));
    expect(stats.connectionErrors).toBe(0);
    // Answered every time it was asked (each within getHealth's hang guard), ok: reads need no write lock.
    expect(healthDuringLock.length).toBeGreaterThan(0);
    expect(new Set(healthDuringLock)).toEqual(new Set([200]));

    // The worker came through: it takes and finishes a job queued now.
    const { jobId } = (await postWithRetry(web.base, `/api/runs/${runId}/reclassify`, {}, stats)).json as {
      jobId: string;
    };
    await waitFor(
      "the reclassification to succeed",
      async () => {
        const job = await suite.db.job.findUniqueOrThrow({ where: { id: jobId } });
        return job.status === "succeeded" ? job : undefined;
      },
      60_000,
    );
    expect(await countRunRows(suite.db, runId)).toEqual(expectedTotals(1, BATCHES, SIZES));
    expect(worker.isRunning()).toBe(true);

    // The fault is in the health report (the web app's own retries, and the worker's status row once
    // it could be written again) and logged once per process, not once per retry.
    const busy = /SQLITE_BUSY|database is locked|55P03|lock timeout/;
    const health = await waitFor(
      "the worker to report the fault",
      async () => {
        const h = (await getHealth(web.base)).json;
        return busy.test(h.parts.worker.lastError ?? "") ? h : undefined;
      },
      30_000,
    );
    expect(health.ok).toBe(true);
    expect(health.parts.database.lastError).toMatch(busy);
    expect(health.parts.database.recoveredAt).not.toBeNull();
    expect(health.parts.worker.state).toMatch(/idle|busy/);
    expect(countLines(web.output(), /database unavailable/), web.output()).toBe(1);
    expect(countLines(web.output(), /database recovered/)).toBe(1);
    expect(countLines(worker.output(), /database unavailable/), worker.output()).toBe(1);
  });
});
