import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/runs/[id]/metrics/route";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as timelineRoute from "@/app/api/runs/[id]/timeline/route";
import * as runsRoute from "@/app/api/runs/route";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

const STEPS = 1_200;
const COLLAPSED_STEP = 777;

/** A run with one train rollout per step, all healthy but one collapsed step, and two metric keys. */
async function seededRun(): Promise<string> {
  const id = (
    await call(runsRoute.POST, "POST", {
      body: { name: uniqueName("timeline"), phases: [{ kind: "rl", startStep: 0, endStep: STEPS - 1 }] },
    })
  ).json.id;
  const rollouts = Array.from({ length: STEPS }, (_, step) => ({
    step,
    sampleId: "s",
    text: step === COLLAPSED_STEP ? COLLAPSED_TURN : HEALTHY_CALL_TURN,
    reward: step === COLLAPSED_STEP ? 0 : 1,
  }));
  expect((await call(rolloutsRoute.POST, "POST", { params: { id }, body: { rollouts } })).status).toBe(200);
  const points = Array.from({ length: STEPS }, (_, step) => [
    { step, key: "critic/score/mean", value: step / STEPS },
    { step, key: "actor/entropy", value: 1 + (step % 5) },
  ]).flat();
  expect((await call(metricsRoute.POST, "POST", { params: { id }, body: { points } })).status).toBe(200);
  return id;
}

function timeline(id: string, query: Record<string, string | number> = {}) {
  return call(timelineRoute.GET, "GET", { params: { id }, query });
}

describe("GET /api/runs/:id/timeline", () => {
  it("downsamples health on the server and keeps the single collapsed step", async () => {
    const id = await seededRun();
    const res = await timeline(id, { maxPoints: 40 });
    expect(res.status).toBe(200);
    const { health, split, extent, score, metrics, metricKeys } = res.json;
    expect(split).toBe("train");
    expect(extent).toEqual({ first: 0, last: STEPS - 1 });
    expect(health).toMatchObject({ totalSteps: STEPS, isDownsampled: true });
    expect(health.points.length).toBeLessThanOrEqual(40);
    const collapsed = health.points.find((p: { step: number }) => p.step === COLLAPSED_STEP);
    expect(collapsed).toMatchObject({ turns: 1, states: { full_collapse: 1, healthy_tool_call: 0 }, meanReward: 0 });
    expect(score).toMatchObject({ key: "critic/score/mean", totalPoints: STEPS, isDownsampled: true });
    expect(metricKeys).toEqual(["actor/entropy", "critic/score/mean"]);
    // no keys asked for: the first logged key other than the score
    expect(metrics.map((m: { key: string }) => m.key)).toEqual(["actor/entropy"]);
  });

  it("re-queries a step range: health, score and metrics hold only that range", async () => {
    const id = await seededRun();
    const res = await timeline(id, { fromStep: 700, toStep: 799, keys: "actor/entropy,critic/score/mean" });
    expect(res.status).toBe(200);
    const { health, score, metrics, range, extent } = res.json;
    expect(range).toEqual({ fromStep: 700, toStep: 799 });
    expect(extent).toEqual({ first: 0, last: STEPS - 1 });
    expect(health).toMatchObject({ totalSteps: 100, isDownsampled: false });
    expect(health.points.map((p: { step: number }) => p.step)).toEqual(Array.from({ length: 100 }, (_, i) => 700 + i));
    for (const series of [score, ...metrics]) {
      expect(series.totalPoints).toBe(100);
      for (const p of series.points) expect(p.step >= 700 && p.step <= 799).toBe(true);
    }
    expect(metrics.map((m: { key: string }) => m.key)).toEqual(["actor/entropy", "critic/score/mean"]);
    expect((await timeline(id, { keys: "" })).json.metrics).toEqual([]);
  });

  it("lists the run's alerts newest step first", async () => {
    const id = await seededRun();
    const details = JSON.stringify({ rate: 1, baseline: 0, threshold: 0.2, turns: 8, baselineSteps: [0, 9] });
    await db().alert.create({ data: { runId: id, step: 100, kind: "text_pollution_rise", message: "a", details } });
    await db().alert.create({
      data: { runId: id, step: 900, kind: "full_collapse_rise", severity: "critical", message: "b", details },
    });
    const { alerts, alertSplit } = (await timeline(id)).json;
    expect(alerts.map((a: { step: number; kind: string }) => [a.step, a.kind])).toEqual([
      [900, "full_collapse_rise"],
      [100, "text_pollution_rise"],
    ]);
    expect(alertSplit).toBe("train");
  });

  it("shows the first split holding data when none is asked for", async () => {
    const id = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("eval-only") } })).json.id;
    await call(rolloutsRoute.POST, "POST", {
      params: { id },
      body: { rollouts: [{ step: 0, sampleId: "d1", split: "eval", text: HEALTHY_CALL_TURN }] },
    });
    const res = await timeline(id);
    expect(res.json).toMatchObject({
      split: "eval",
      splits: ["eval"],
      extent: { first: 0, last: 0 },
      score: null,
      metrics: [],
      metricKeys: [],
    });
    expect((await timeline(id, { split: "train" })).json).toMatchObject({
      split: "train",
      extent: { first: null, last: null },
      health: { totalSteps: 0, points: [] },
    });
  });

  it("spans the x axis over metrics logged before and after the split's rollouts, and lists every key", async () => {
    const id = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("metric-span") } })).json.id;
    await call(rolloutsRoute.POST, "POST", {
      params: { id },
      body: { rollouts: [5, 6, 7].map((step) => ({ step, sampleId: "s", text: HEALTHY_CALL_TURN })) },
    });
    const points = [
      { step: 9, key: "z/late", value: 1 },
      { step: 2, key: "a/early", value: 1 },
      { step: 40, key: "z/late", value: 2 },
      { step: 6, key: "m/middle", value: 3 },
    ];
    expect((await call(metricsRoute.POST, "POST", { params: { id }, body: { points } })).status).toBe(200);
    expect((await timeline(id)).json).toMatchObject({
      extent: { first: 2, last: 40 },
      metricKeys: ["a/early", "m/middle", "z/late"],
    });
  });

  it("answers 422 naming the bad field, and 404 for an unknown run", async () => {
    const id = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("bad-query") } })).json.id;
    const cases: [Record<string, string>, string][] = [
      [{ split: "test" }, "split"],
      [{ fromStep: "9", toStep: "3" }, "toStep"],
      [{ maxPoints: "lots" }, "maxPoints"],
      [{ fromStep: "-1" }, "fromStep"],
    ];
    for (const [query, field] of cases) {
      const res = await timeline(id, query);
      expect(res.status).toBe(422);
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toEqual([field]);
    }
    expect((await timeline("no-such-run")).status).toBe(404);
  });
});
