import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/runs/[id]/metrics/route";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as runsRoute from "@/app/api/runs/route";
import { listRunSummaries } from "@/lib/server/runs/list-run-summaries";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

async function newRun(body: Record<string, unknown>): Promise<string> {
  return (await call(runsRoute.POST, "POST", { body: { name: uniqueName("summary"), ...body } })).json.id;
}

async function postRollouts(id: string, rollouts: unknown[]): Promise<void> {
  expect((await call(rolloutsRoute.POST, "POST", { params: { id }, body: { rollouts } })).status).toBe(200);
}

async function summaryOf(id: string, regime: string) {
  const { runs } = await listRunSummaries(db(), { regime });
  return runs.find((s) => s.run.id === id)!;
}

describe("listRunSummaries", () => {
  it("keeps a single collapsed train step among 200 in a sparkline of at most 60 points", async () => {
    const regime = uniqueName("spark");
    const id = await newRun({ regime });
    const rollouts = Array.from({ length: 200 }, (_, step) => [
      { step, sampleId: "a", text: step === 137 ? COLLAPSED_TURN : HEALTHY_CALL_TURN },
      { step, sampleId: "b", text: step === 137 ? COLLAPSED_TURN : HEALTHY_CALL_TURN },
    ]).flat();
    rollouts.push({ step: 50, sampleId: "val", text: COLLAPSED_TURN, split: "val" } as (typeof rollouts)[number]);
    await postRollouts(id, rollouts);

    const summary = await summaryOf(id, regime);
    expect(summary.healthyToolCallRate.length).toBeLessThanOrEqual(60);
    expect(summary.healthyToolCallRate).toContainEqual({ step: 137, value: 0 });
    // The collapsed val rollout at step 50 must not pull the train rate down.
    expect(summary.healthyToolCallRate.filter((p) => p.value < 1)).toEqual([{ step: 137, value: 0 }]);
    expect(summary.lastStep).toBe(199);
    expect(summary.latestScore).toBeNull();
  });

  it("prefers the latest critic/score/mean metric and says which source the score came from", async () => {
    const regime = uniqueName("score");
    const critic = await newRun({ regime });
    const rewardOnly = await newRun({ regime });
    await postRollouts(critic, [{ step: 3, sampleId: "a", text: HEALTHY_CALL_TURN, reward: 1 }]);
    const points = [
      { step: 1, key: "critic/score/mean", value: 0.2 },
      { step: 8, key: "critic/score/mean", value: 0.6 },
      { step: 9, key: "loss", value: 3 },
    ];
    await call(metricsRoute.POST, "POST", { params: { id: critic }, body: { points } });
    await postRollouts(rewardOnly, [
      { step: 1, sampleId: "a", text: HEALTHY_CALL_TURN, reward: 1 },
      { step: 2, sampleId: "a", text: HEALTHY_CALL_TURN, reward: 1 },
      { step: 2, sampleId: "b", text: COLLAPSED_TURN, reward: 0 },
      { step: 3, sampleId: "a", text: HEALTHY_CALL_TURN },
    ]);

    expect(await summaryOf(critic, regime)).toMatchObject({
      lastStep: 9,
      latestScore: { source: "metric", label: "critic/score/mean", step: 8, value: 0.6 },
    });
    expect(await summaryOf(rewardOnly, regime)).toMatchObject({
      lastStep: 3,
      latestScore: { source: "mean_reward", step: 2, value: 0.5 },
    });
  });

  it("returns each run's newest alert with its details parsed", async () => {
    const regime = uniqueName("alerts");
    const id = await newRun({ regime });
    const quiet = await newRun({ regime });
    const details = { rate: 0.1, baseline: 0.9, threshold: 0.5, turns: 16, baselineSteps: [1, 10] };
    await db().alert.create({
      data: { runId: id, step: 12, kind: "healthy_tool_call_drop", message: "older", details: JSON.stringify(details) },
    });
    await db().alert.create({
      data: {
        runId: id,
        step: 11,
        kind: "full_collapse_rise",
        severity: "critical",
        message: "newer",
        details: JSON.stringify(details),
      },
    });

    expect((await summaryOf(id, regime)).newestAlert).toMatchObject({
      runId: id,
      step: 11,
      kind: "full_collapse_rise",
      severity: "critical",
      message: "newer",
      details,
    });
    expect((await summaryOf(quiet, regime)).newestAlert).toBeNull();
  });

  it("filters by regime, model and status while the options list every stored run", async () => {
    const regime = uniqueName("filter");
    const model = uniqueName("model");
    const a = await newRun({ regime, model, status: "finished" });
    const b = await newRun({ regime, model: `${model}-other` });
    const byRegime = await listRunSummaries(db(), { regime });
    expect(byRegime.runs.map((s) => s.run.id)).toEqual([b, a]);
    expect((await listRunSummaries(db(), { regime, model })).runs.map((s) => s.run.id)).toEqual([a]);
    expect((await listRunSummaries(db(), { regime, status: "running" })).runs.map((s) => s.run.id)).toEqual([b]);

    const narrow = await listRunSummaries(db(), { regime: "no-such-regime" });
    expect(narrow.runs).toEqual([]);
    expect(narrow.filterOptions.regimes).toContain(regime);
    expect(narrow.filterOptions.models).toEqual(expect.arrayContaining([model, `${model}-other`]));
    expect(narrow.filterOptions.statuses).toEqual(expect.arrayContaining(["finished", "running"]));
    expect(narrow.totalRuns).toBe(await db().run.count());
  });
});
