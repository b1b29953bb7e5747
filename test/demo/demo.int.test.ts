import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import { EVAL_KINDS } from "@/lib/domain/ingest/schemas";
import { DEMO_RUNS } from "@/lib/domain/demo/demo-runs";
import { plantedCollapseStep } from "@/lib/domain/demo/regime-curves";
import { EVAL_SIZE, expectedRolloutCount, VAL_EVERY_STEPS } from "@/lib/domain/demo/simulate-step";
import { resolveConfig } from "@/lib/server/config";
import { createDb } from "@/lib/server/db";
import { loadDemo, type LoadedDemoRun } from "@/lib/server/demo/load-demo";
import { loadDemoIfEmpty } from "@/lib/server/demo/load-demo-if-empty";
import { deployMigrations } from "@/lib/server/migrate";
import { call, db, uniqueName } from "../helpers";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
// The integration database is shared by every test file: these runs get their own name prefix.
const prefix = `${uniqueName("demo-test")}-`;
let loaded: LoadedDemoRun[] = [];

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), ...args], {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function runNamed(key: string) {
  return db().run.findUniqueOrThrow({ where: { name: `${prefix}${key}` } });
}

beforeAll(async () => {
  loaded = await loadDemo(db(), { namePrefix: prefix });
}, 180_000);

describe("loadDemo", () => {
  it("stores every simulated run, labelled demo, with step health for every step and a final evaluation", async () => {
    expect(loaded.map((r) => r.name)).toEqual(DEMO_RUNS.map((s) => `${prefix}${s.key}`));
    expect(loaded.length).toBe(9);
    for (const spec of DEMO_RUNS) {
      const run = await runNamed(spec.key);
      expect(run).toMatchObject({
        isDemo: true,
        regime: spec.regime,
        scheme: spec.scheme,
        model: "Qwen2.5-1.5B-Instruct (simulated)",
        status: "finished",
      });
      expect(JSON.parse(run.config)).toEqual({ demo: true, simulator: "spikewatch-demo/1" });
      expect(await db().rollout.count({ where: { runId: run.id, source: "demo" } })).toBe(expectedRolloutCount(spec));
      const trainSteps = await db().stepHealth.findMany({
        where: { runId: run.id, split: "train" },
        select: { step: true },
        orderBy: { step: "asc" },
      });
      expect(trainSteps.map((h) => h.step)).toEqual(Array.from({ length: spec.steps }, (_, i) => i));
      expect(await db().stepHealth.count({ where: { runId: run.id, split: "val" } })).toBe(
        Math.ceil(spec.steps / VAL_EVERY_STEPS),
      );
      for (const evalKind of EVAL_KINDS) {
        expect(
          await db().rollout.count({ where: { runId: run.id, split: "eval", evalKind, step: spec.steps - 1 } }),
        ).toBe(EVAL_SIZE);
      }
      const evalHealth = await db().stepHealth.findMany({ where: { runId: run.id, split: "eval" } });
      expect(evalHealth.map((h) => [h.step, h.rollouts])).toEqual([[spec.steps - 1, EVAL_KINDS.length * EVAL_SIZE]]);
    }
  });

  it("logs a score per step equal to the mean reward that step health computes from the stored rollouts", async () => {
    for (const key of ["grpo-vanilla", "ops-gold"]) {
      const run = await runNamed(key);
      const health = await db().stepHealth.findMany({
        where: { runId: run.id, split: "train" },
        orderBy: { step: "asc" },
      });
      const scores = await db().metricPoint.findMany({
        where: { runId: run.id, key: "critic/score/mean" },
        orderBy: { step: "asc" },
      });
      expect(scores.map((p) => p.step)).toEqual(health.map((h) => h.step));
      scores.forEach((p, i) => expect(p.value).toBeCloseTo(health[i]!.rewardSum / health[i]!.rewardCount, 10));
    }
  });

  it("raises a collapse alert near each vanilla seed's planted collapse step, and none for the interleaved runs", async () => {
    for (const spec of DEMO_RUNS.filter((s) => plantedCollapseStep(s) !== null)) {
      const alerts = await db().alert.findMany({ where: { runId: (await runNamed(spec.key)).id } });
      const near = alerts.filter(
        (a) =>
          ["healthy_tool_call_drop", "full_collapse_rise"].includes(a.kind) &&
          Math.abs(a.step - plantedCollapseStep(spec)!) <= 10,
      );
      expect(near.length, spec.key).toBeGreaterThan(0);
    }
    for (const key of ["ets-interleaved", "ets-interleaved-s2", "prs-interleaved"]) {
      expect(await db().alert.findMany({ where: { runId: (await runNamed(key)).id } })).toEqual([]);
    }
  });

  it("keeps demo runs out of the run list when asked", async () => {
    const { json } = await call(runsRoute.GET, "GET", { query: { includeDemo: "false" } });
    expect(json.runs.filter((r: { name: string }) => r.name.startsWith(prefix))).toEqual([]);
    const all = await call(runsRoute.GET, "GET", { query: { includeDemo: "true" } });
    expect(
      all.json.runs.filter((r: { name: string; isDemo: boolean }) => r.name.startsWith(prefix) && r.isDemo).length,
    ).toBe(DEMO_RUNS.length);
  });

  it("is a no-op the second time", async () => {
    const before = {
      rollouts: await db().rollout.count(),
      points: await db().metricPoint.count(),
      health: await db().stepHealth.count(),
      runs: await db().run.count(),
    };
    const again = await loadDemo(db(), { namePrefix: prefix });
    expect(again.map((r) => r.isSkipped)).toEqual(DEMO_RUNS.map(() => true));
    expect(again.map((r) => r.id)).toEqual(loaded.map((r) => r.id));
    const after = {
      rollouts: await db().rollout.count(),
      points: await db().metricPoint.count(),
      health: await db().stepHealth.count(),
      runs: await db().run.count(),
    };
    expect(after).toEqual(before);
  });

  it("completes a partly loaded run without duplicating what is stored", async () => {
    const p = `${uniqueName("demo-partial")}-`;
    const [first] = await loadDemo(db(), { namePrefix: p, regimes: ["ops"] });
    const counts = async () => ({
      rollouts: await db().rollout.count({ where: { runId: first!.id } }),
      health: await db().stepHealth.aggregate({ where: { runId: first!.id }, _sum: { rollouts: true } }),
    });
    const full = await counts();
    await db().rollout.deleteMany({ where: { runId: first!.id, step: { gte: 140 } } });
    const [resumed] = await loadDemo(db(), { namePrefix: p, regimes: ["ops"] });
    expect(resumed).toMatchObject({ id: first!.id, isSkipped: false, metricPoints: 0 });
    expect((await counts()).rollouts).toBe(full.rollouts);
    await db().run.delete({ where: { id: first!.id } });
  });

  it("refuses, writing nothing, when a real run already has a demo name", async () => {
    const p = `${uniqueName("demo-clash")}-`;
    await db().run.create({ data: { name: `${p}hbg-hints` } });
    await expect(loadDemo(db(), { namePrefix: p })).rejects.toThrow(/not demo data/);
    expect(await db().run.count({ where: { name: { startsWith: p } } })).toBe(1);
    await db().run.deleteMany({ where: { name: { startsWith: p } } });
  });
});

describe("loadDemoIfEmpty", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-demo-empty-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("loads into a database without runs when the setting is auto, and never otherwise", async () => {
    const config = resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir });
    deployMigrations(config);
    const empty = createDb(config);
    try {
      expect(await loadDemoIfEmpty(empty, { demo: "off" }, { regimes: ["ets"] })).toBeNull();
      expect(await empty.run.count()).toBe(0);
      const runs = await loadDemoIfEmpty(empty, { demo: "auto" }, { regimes: ["ets"] });
      expect(runs?.map((r) => r.name)).toEqual(["demo-ets-interleaved", "demo-ets-interleaved-s2"]);
      expect(await loadDemoIfEmpty(empty, { demo: "auto" })).toBeNull();
      expect(await empty.run.count()).toBe(2);
    } finally {
      await empty.$disconnect();
    }
  });

  it("rejects an invalid SPIKEWATCH_DEMO with a message naming it", () => {
    expect(() => resolveConfig({ SPIKEWATCH_DEMO: "yes" })).toThrow(/SPIKEWATCH_DEMO: expected auto or off, got "yes"/);
    expect(resolveConfig({}).demo).toBe("auto");
  });
});

describe("spikewatch demo", () => {
  it("refuses to load next to a real run with a demo name, then removes only demo runs", async () => {
    const real = await db().run.create({ data: { name: "demo-grpo-vanilla" } });
    const keep = await db().run.create({ data: { name: uniqueName("real") } });
    try {
      const refused = cli("demo", "load");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('a run named "demo-grpo-vanilla" exists and is not demo data');

      const removed = cli("demo", "remove");
      expect(removed.code).toBe(0);
      expect(removed.stderr).toMatch(/removed \d+ demo runs .* in \d+\.\d s/);
      expect(await db().run.count({ where: { isDemo: true } })).toBe(0);
      for (const { id } of loaded) {
        expect(await db().rollout.count({ where: { runId: id } })).toBe(0);
        expect(await db().turn.count({ where: { runId: id } })).toBe(0);
        expect(await db().metricPoint.count({ where: { runId: id } })).toBe(0);
      }
      expect(await db().run.count({ where: { id: { in: [real.id, keep.id] } } })).toBe(2);
      expect(cli("demo", "remove").stderr).toContain("no demo runs to remove");
      expect(cli("demo", "frobnicate").code).toBe(2);
    } finally {
      await db().run.deleteMany({ where: { id: { in: [real.id, keep.id] } } });
    }
  });
});
