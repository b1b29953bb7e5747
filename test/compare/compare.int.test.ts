import { beforeAll, describe, expect, it } from "vitest";
import * as compareRoute from "@/app/api/compare/route";
import * as metricsRoute from "@/app/api/runs/[id]/metrics/route";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as runsRoute from "@/app/api/runs/route";
import { DEMO_RUNS } from "@/lib/domain/demo/demo-runs";
import { plantedCollapseStep } from "@/lib/domain/demo/regime-curves";
import { loadDemo } from "@/lib/server/demo/load-demo";
import { reclassifyRun } from "@/lib/server/rollouts/reclassify-run";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

/** Steps `from`..`to` of 10 one-turn rollouts each with the given text; reward 1 for healthy calls unless given. */
function steps(from: number, to: number, text: string, reward = text === HEALTHY_CALL_TURN ? 1 : 0) {
  const rollouts = [];
  for (let s = from; s <= to; s++) {
    for (let i = 0; i < 10; i++) rollouts.push({ step: s, sampleId: `${s}-${i}`, text, reward });
  }
  return rollouts;
}

async function newRun(regime = "vanilla_rl"): Promise<string> {
  return (await call(runsRoute.POST, "POST", { body: { name: uniqueName("compare"), regime } })).json.id;
}

async function post(id: string, rollouts: unknown[]) {
  expect((await call(rolloutsRoute.POST, "POST", { params: { id }, body: { rollouts } })).status).toBe(200);
}

const verdictOf = (id: string) =>
  db().run.findUniqueOrThrow({ where: { id }, select: { collapseStatus: true, collapseOnsetStep: true } });

describe("stored collapse verdict", () => {
  it("is refreshed as rollouts arrive and keeps a confirmed onset when the run recovers", async () => {
    const id = await newRun();
    await post(id, steps(0, 5, HEALTHY_CALL_TURN));
    expect(await verdictOf(id)).toEqual({ collapseStatus: "insufficient_data", collapseOnsetStep: null });
    await post(id, steps(6, 29, HEALTHY_CALL_TURN));
    expect(await verdictOf(id)).toEqual({ collapseStatus: "stable", collapseOnsetStep: null });
    await post(id, steps(30, 32, COLLAPSED_TURN));
    expect((await verdictOf(id)).collapseStatus).toBe("stable"); // 3 collapsed steps do not confirm yet
    await post(id, steps(33, 40, COLLAPSED_TURN));
    expect(await verdictOf(id)).toEqual({ collapseStatus: "collapsed", collapseOnsetStep: 30 });
    await post(id, steps(41, 80, HEALTHY_CALL_TURN));
    expect(await verdictOf(id)).toEqual({ collapseStatus: "collapsed", collapseOnsetStep: 30 });
  });

  it("is derived again when the run is reclassified", async () => {
    const id = await newRun();
    await post(id, [...steps(0, 19, HEALTHY_CALL_TURN), ...steps(20, 30, COLLAPSED_TURN)]);
    await db().run.update({ where: { id }, data: { collapseStatus: "stable", collapseOnsetStep: null } });
    await reclassifyRun(db(), id);
    expect(await verdictOf(id)).toEqual({ collapseStatus: "collapsed", collapseOnsetStep: 20 });
  });
});

describe("GET /api/compare", () => {
  const prefix = `${uniqueName("cmp")}-`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const loaded = await loadDemo(db(), { namePrefix: prefix, regimes: ["vanilla_rl", "ets", "ops"] });
    for (const run of loaded) ids[run.name.slice(prefix.length)] = run.id;
  }, 180_000);

  it("finds the demo collapse near the step the simulator planted it, after the logged spike", async () => {
    const res = await call(compareRoute.GET, "GET", { query: { runs: Object.values(ids).join(",") } });
    expect(res.status).toBe(200);
    for (const spec of DEMO_RUNS.filter((s) => ids[s.key])) {
      const row = res.json.runs.find((r: { id: string }) => r.id === ids[spec.key]);
      const planted = plantedCollapseStep(spec);
      if (planted !== null) {
        expect(row.collapseStatus).toBe("collapsed");
        expect(Math.abs(row.collapseOnsetStep - planted)).toBeLessThanOrEqual(3);
        expect(row).toMatchObject({ firstSpikeSource: "logged_probe", firstSpikeToken: "<|im_end|>" });
        expect(row.spikeLeadSteps).toBeGreaterThan(0);
        expect(row.minHealthyToolCallRate).toBeLessThan(0.2);
      } else {
        expect(row).toMatchObject({ collapseStatus: "stable", collapseOnsetStep: null, spikeLeadSteps: null });
        expect(row.minHealthyToolCallRate).toBeGreaterThan(0.3); // final answers are healthy responses, so ~0.6 is normal
      }
      expect(row.bestScore).toBeGreaterThan(0);
      expect(row.stateMix.turns).toBeGreaterThan(0);
    }
    const regimes = res.json.regimes.map((r: { regime: string }) => r.regime).sort();
    expect(regimes).toEqual(["ets", "ops", "vanilla_rl"]);
  });

  it("selects whole regimes, only demo runs, and exports the same table as CSV", async () => {
    const json = await call(compareRoute.GET, "GET", { query: { regimes: "ets", demo: "only" } });
    expect(json.status).toBe(200);
    expect(json.json.runs.every((r: { regime: string; isDemo: boolean }) => r.regime === "ets" && r.isDemo)).toBe(true);
    expect(json.json.runs.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(
        Object.entries(ids)
          .filter(([k]) => k.startsWith("ets"))
          .map(([, v]) => v),
      ),
    );

    const url = new URL("http://spikewatch.test/api/compare");
    url.searchParams.set("runs", Object.values(ids).join(","));
    url.searchParams.set("format", "csv");
    const res = await compareRoute.GET(new Request(url), { params: Promise.resolve({}) });
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + Object.keys(ids).length + 3);
  });

  it("rejects an empty selection and names unknown runs", async () => {
    const empty = await call(compareRoute.GET, "GET", { query: {} });
    expect(empty.status).toBe(422);
    expect(JSON.stringify(empty.json)).toContain("runs");
    const unknown = await call(compareRoute.GET, "GET", { query: { runs: "nope-1" } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message ?? JSON.stringify(unknown.json)).toContain("nope-1");
  });
});

describe("collapse verdict from the score metric", () => {
  const POLLUTED =
    '<|im_start|>user\nSend Frank a message<|im_end|>\n<|im_start|>assistant\n<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank"}}\n</tool_call> and more text<|im_end|>\n';

  it("waits for the logged score to fall before calling a polluted run collapsed", async () => {
    const id = await newRun();
    await post(id, [...steps(0, 19, HEALTHY_CALL_TURN), ...steps(20, 45, POLLUTED, 1)]);
    expect(await verdictOf(id)).toEqual({ collapseStatus: "stable", collapseOnsetStep: null }); // format broke, the task did not
    const points = Array.from({ length: 46 }, (_, s) => ({
      step: s,
      key: "critic/score/mean",
      value: s < 30 ? 0.6 : 0.05,
    }));
    expect((await call(metricsRoute.POST, "POST", { params: { id }, body: { points } })).status).toBe(200);
    expect(await verdictOf(id)).toEqual({ collapseStatus: "collapsed", collapseOnsetStep: 30 });
  });
});

describe("compare table from stored metric points", () => {
  it("leaves non-finite score points out of the best and final score", async () => {
    const id = await newRun();
    await post(id, steps(0, 19, HEALTHY_CALL_TURN));
    const points = Array.from({ length: 20 }, (_, s) => ({
      step: s,
      key: "critic/score/mean",
      value: s % 4 === 3 ? (s % 8 === 3 ? "NaN" : "Infinity") : 0.5,
    }));
    expect((await call(metricsRoute.POST, "POST", { params: { id }, body: { points } })).status).toBe(200);
    const { json } = await call(compareRoute.GET, "GET", { query: { runs: id } });
    expect(json.runs[0]).toMatchObject({ id, bestScore: 0.5, finalScore: 0.5, lastStep: 19 });
  });
});
