import os from "node:os";
import { describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/runs/[id]/health/route";
import * as jobRoute from "@/app/api/jobs/[id]/route";
import * as reclassifyRoute from "@/app/api/runs/[id]/reclassify/route";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as runsRoute from "@/app/api/runs/route";
import { claimNextJob } from "@/lib/server/jobs/claim-next-job";
import { enqueueJob } from "@/lib/server/jobs/enqueue-job";
import { failJob, heartbeatJob, reapExpiredJobs } from "@/lib/server/jobs/lease";
import { runLoop } from "@/worker/loop";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

async function newRun(): Promise<string> {
  return (await call(runsRoute.POST, "POST", { body: { name: uniqueName("jobs") } })).json.id;
}

/** Claims until the given job is handed out, skipping (and finishing) jobs other tests left queued. */
async function claimJob(jobId: string, worker: string, leaseMs: number, now?: Date) {
  for (;;) {
    const job = await claimNextJob(db(), worker, leaseMs, now);
    if (!job || job.id === jobId) return job;
    await db().job.update({ where: { id: job.id }, data: { status: "succeeded" } });
  }
}

describe("job queue", () => {
  it("never hands one job to two workers", async () => {
    const { id } = await enqueueJob(db(), "reclassify-run", { runId: await newRun() });
    // First in line whatever other tests left queued, so all six workers race for this one.
    await db().job.update({ where: { id }, data: { runAfter: new Date(0) } });
    const claims = await Promise.all(Array.from({ length: 6 }, (_, w) => claimNextJob(db(), `w${w}`, 30_000)));
    expect(claims.filter((c) => c?.id === id)).toHaveLength(1);
  });

  it("hands out a demo replay (a background job type) only when no other job is runnable", async () => {
    const early = new Date(1);
    const demo = await enqueueJob(db(), "score-demo-checkpoint", { checkpointId: uniqueName("demo-ckpt") });
    const user = await enqueueJob(db(), "reclassify-run", { runId: await newRun() });
    // The demo job is older than everything, the user's job next: still the user's goes first.
    await db().job.update({ where: { id: demo.id }, data: { runAfter: early } });
    await db().job.update({ where: { id: user.id }, data: { runAfter: new Date(2) } });
    expect((await claimNextJob(db(), "w-fg", 30_000))?.id).toBe(user.id);
    expect((await claimJob(demo.id, "w-bg", 30_000))?.id).toBe(demo.id);
  });

  it("hands a job whose lease expired to another worker, and the old worker's heartbeat then fails", async () => {
    const { id } = await enqueueJob(db(), "reclassify-run", { runId: await newRun() });
    expect((await claimJob(id, "dead-worker", 1_000))?.id).toBe(id);
    const later = new Date(Date.now() + 5_000);
    const reclaimed = await claimJob(id, "live-worker", 30_000, later);
    expect(reclaimed).toMatchObject({ id, attempts: 2 });
    expect(await heartbeatJob(db(), id, "dead-worker", 30_000)).toBe(false);
    expect(await heartbeatJob(db(), id, "live-worker", 30_000)).toBe(true);
  });

  it("retries a failed job after a backoff and fails it for good after maxAttempts", async () => {
    const { id } = await enqueueJob(db(), "reclassify-run", { runId: await newRun() }, { maxAttempts: 2 });
    await claimJob(id, "w", 30_000);
    await failJob(db(), id, "w", "boom 1");
    const queued = await db().job.findUniqueOrThrow({ where: { id } });
    expect(queued).toMatchObject({ status: "queued", lastError: "boom 1" });
    expect(queued.runAfter.getTime()).toBeGreaterThan(Date.now());

    await claimJob(id, "w", 30_000, new Date(Date.now() + 60_000));
    await failJob(db(), id, "w", "boom 2");
    expect((await call(jobRoute.GET, "GET", { params: { id } })).json).toMatchObject({
      status: "failed",
      error: "boom 2",
      attempts: 2,
    });
  });

  it("fails a job at once, attempts left or not, when its error cannot be fixed by retrying", async () => {
    const { id } = await enqueueJob(db(), "reclassify-run", { runId: await newRun() }, { maxAttempts: 3 });
    await claimJob(id, "w", 30_000);
    await failJob(db(), id, "w", "model.onnx could not be loaded", { isPermanent: true });
    expect((await call(jobRoute.GET, "GET", { params: { id } })).json).toMatchObject({
      status: "failed",
      error: "model.onnx could not be loaded",
      attempts: 1,
    });
  });

  it("marks a job failed when its last attempt's lease expired", async () => {
    const { id } = await enqueueJob(db(), "reclassify-run", { runId: await newRun() }, { maxAttempts: 1 });
    await claimJob(id, "w", 1);
    await reapExpiredJobs(db(), new Date(Date.now() + 1_000));
    expect((await db().job.findUniqueOrThrow({ where: { id } })).status).toBe("failed");
  });

  it("deduplicates an active reclassify job per run", async () => {
    const runId = await newRun();
    const a = await call(reclassifyRoute.POST, "POST", { params: { id: runId } });
    const b = await call(reclassifyRoute.POST, "POST", { params: { id: runId } });
    expect(a.status).toBe(202);
    expect(b.json).toEqual({ jobId: a.json.jobId, isNew: false });
  });
});

describe("worker loop", () => {
  it("runs a reclassify job to success and rebuilds identical health from the stored turns", async () => {
    const runId = await newRun();
    await call(rolloutsRoute.POST, "POST", {
      params: { id: runId },
      body: {
        rollouts: [
          { step: 0, sampleId: "a", text: COLLAPSED_TURN },
          { step: 0, sampleId: "b", text: HEALTHY_CALL_TURN, reward: 1 },
        ],
      },
    });
    const before = (await call(healthRoute.GET, "GET", { params: { id: runId } })).json;
    // Corrupt the derived rows: reclassification must rebuild them from the transcripts alone.
    await db().stepHealth.updateMany({ where: { runId }, data: { fullCollapse: 99 } });
    await db().turn.updateMany({ where: { runId }, data: { state: "text_pollution" } });

    const { jobId } = (await call(reclassifyRoute.POST, "POST", { params: { id: runId } })).json;
    const stop = new AbortController();
    const loop = runLoop({
      db: db(),
      workerId: "test-worker",
      pollMs: 20,
      signal: stop.signal,
      replay: { dataDir: os.tmpdir(), device: "cpu" },
    });
    for (let i = 0; i < 200; i++) {
      const job = (await call(jobRoute.GET, "GET", { params: { id: jobId } })).json;
      if (job.status === "succeeded" || job.status === "failed") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    stop.abort();
    await loop;

    expect((await call(jobRoute.GET, "GET", { params: { id: jobId } })).json).toMatchObject({
      status: "succeeded",
      progress: 1,
    });
    expect((await call(healthRoute.GET, "GET", { params: { id: runId } })).json).toEqual(before);
    expect(await db().turn.count({ where: { runId, state: "full_collapse" } })).toBe(1);
  });
});
