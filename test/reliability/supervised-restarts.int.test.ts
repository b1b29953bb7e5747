import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "../helpers";
import { postJson, postWithRetry, type RetryStats } from "./support/api-client";
import { expectedTotals, ingestBatch } from "./support/api-ingest-batches";
import { countRunRows } from "./support/api-row-counts";
import { createEmptySuiteDatabase, type ScratchDatabase } from "./support/scratch-database";
import {
  countLines,
  getHealth,
  isAlive,
  startSupervisedService,
  type SupervisedService,
} from "./support/service-faults";
import { waitFor } from "./support/worker-processes";

// Reclassifying this run takes the worker several pages (500 rollouts each), long enough to be killed mid-job.
const RUN_STEPS = 30;
const ROLLOUTS_PER_STEP = 100;
const SIZES = { ownRollouts: 25, sharedRollouts: 0, points: 25 };
const BATCHES = 16;

let suite: ScratchDatabase;
let service: SupervisedService;
beforeAll(async () => {
  suite = await createEmptySuiteDatabase("supervised");
  // A short lease, so the restarted worker takes over the killed one's job within seconds.
  service = await startSupervisedService({ ...suite.env, SPIKEWATCH_JOB_LEASE_MS: "3000" });
});
afterAll(async () => {
  await service?.stop();
  await suite?.drop();
});

describe("npm start supervising the web app and the worker", () => {
  it("restarts a worker killed mid-job while the web app keeps serving; the job resumes and finishes once", async () => {
    const runId = (await postJson(service.base, "/api/runs", { name: uniqueName("supervised") })).json.id as string;
    const stats: RetryStats = { retries: 0, connectionErrors: 0, serverErrors: 0 };
    for (let b = 0; b < RUN_STEPS; b += 10) {
      const rollouts = ingestBatch(0, 0, {
        ownRollouts: 10 * ROLLOUTS_PER_STEP,
        sharedRollouts: 0,
        points: 0,
      }).rollouts.map((r, i) => ({ ...r, step: b + (i % 10) }));
      expect((await postWithRetry(service.base, `/api/runs/${runId}/rollouts`, { rollouts }, stats)).status).toBe(200);
    }
    // Reclassification rebuilds the per-step rows (new ids); their contents must come out the same.
    const stepHealth = async () =>
      (await suite.db.stepHealth.findMany({ where: { runId }, orderBy: [{ step: "asc" }, { split: "asc" }] })).map(
        ({ id: _id, ...row }) => row,
      );
    const healthBefore = await stepHealth();
    const worker = (await getHealth(service.base)).json.parts.worker;

    const { jobId } = (await postJson(service.base, `/api/runs/${runId}/reclassify`, {})).json as { jobId: string };
    const claimed = await waitFor("the worker to take the job", async () => {
      const job = await suite.db.job.findUniqueOrThrow({ where: { id: jobId } });
      return job.status === "running" ? job : job.status === "succeeded" ? null : undefined;
    });
    expect(claimed, "the job finished before the worker could be killed: make the run larger").not.toBeNull();
    const workerStatus = await suite.db.workerStatus.findUniqueOrThrow({ where: { id: worker.id } });
    process.kill(workerStatus.pid, "SIGKILL");

    // The web app answers the whole time; the worker comes back and the job resumes under a new lease.
    const done = await waitFor("the job to succeed after the restart", async () => {
      expect((await getHealth(service.base)).status).toBe(200);
      const job = await suite.db.job.findUniqueOrThrow({ where: { id: jobId } });
      return job.status === "succeeded" ? job : undefined;
    });
    expect(done.attempts).toBe(2);
    expect(done.leaseOwner).not.toBe(worker.id);
    expect(await stepHealth()).toEqual(healthBefore);
    expect(await suite.db.turn.count({ where: { runId } })).toBe(RUN_STEPS * ROLLOUTS_PER_STEP);

    const health = await waitFor("the restarted worker to report", async () => {
      const h = (await getHealth(service.base)).json;
      return h.parts.worker.restarts === 1 && h.parts.worker.id !== worker.id ? h : undefined;
    });
    expect(health.parts.worker.lastError).toMatch(/previous worker was killed by SIGKILL/);
    expect(health.parts.web.restarts).toBe(0);
    expect(
      countLines(service.output(), new RegExp(`worker \\(pid ${workerStatus.pid}\\) was killed by SIGKILL; restart 1`)),
    ).toBe(1);
  }, 240_000);

  it("restarts a web process killed mid-ingestion while the worker keeps running; nothing lost or doubled", async () => {
    const before = (await getHealth(service.base)).json.parts;
    const runId = (await postJson(service.base, "/api/runs", { name: uniqueName("web-kill") })).json.id as string;
    const stats: RetryStats = { retries: 0, connectionErrors: 0, serverErrors: 0 };
    for (let b = 0; b < BATCHES; b++) {
      if (b === BATCHES / 2) setTimeout(() => process.kill(before.web.pid, "SIGKILL"), 5);
      const { rollouts, points } = ingestBatch(0, b, SIZES);
      expect((await postWithRetry(service.base, `/api/runs/${runId}/rollouts`, { rollouts }, stats)).status).toBe(200);
      expect((await postWithRetry(service.base, `/api/runs/${runId}/metrics`, { points }, stats)).status).toBe(200);
    }
    expect(stats.connectionErrors).toBeGreaterThan(0);
    expect(await countRunRows(suite.db, runId)).toEqual(expectedTotals(1, BATCHES, SIZES));

    const after = (await getHealth(service.base)).json.parts;
    expect(after.web).toMatchObject({ restarts: 1, lastError: "previous web process was killed by SIGKILL" });
    expect(after.web.pid).not.toBe(before.web.pid);
    // The worker was never restarted for it: same process, heartbeat fresh.
    expect(after.worker).toMatchObject({ id: before.worker.id, restarts: before.worker.restarts });
    expect(after.worker.state).toMatch(/idle|busy/);
    expect(
      countLines(service.output(), new RegExp(`web \\(pid ${before.web.pid}\\) was killed by SIGKILL; restart 1`)),
    ).toBe(1);
  }, 240_000);

  it("stops everything on SIGTERM", async () => {
    const { web, worker } = (await getHealth(service.base)).json.parts;
    const workerPid = (await suite.db.workerStatus.findUniqueOrThrow({ where: { id: worker.id } })).pid;
    expect(await service.stop()).toBe(0);
    expect([isAlive(web.pid), isAlive(workerPid)]).toEqual([false, false]);
    expect((await suite.db.workerStatus.findUniqueOrThrow({ where: { id: worker.id } })).state).toBe("stopped");
  });
});
