import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as capabilityRoute from "@/app/api/checkpoints/[id]/capability/route";
import * as checkpointsRoute from "@/app/api/runs/[id]/checkpoints/route";
import { DEMO_CHECKPOINT_STEPS, demoCheckpoint, demoCheckpointSpecs } from "@/lib/domain/demo/demo-checkpoints";
import { plantedCollapseStep } from "@/lib/domain/demo/regime-curves";
import { getConfig } from "@/lib/server/context";
import { loadDemo } from "@/lib/server/demo/load-demo";
import { loadDemoCheckpoints } from "@/lib/server/demo/load-demo-checkpoints";
import { removeDemo } from "@/lib/server/demo/remove-demo";
import { getDecisionSeries } from "@/lib/server/traces/get-decision-series";
import { replay } from "../checkpoints/replay-helpers";
import { call, db, uniqueName } from "../helpers";

// The integration database is shared by every test file: these runs get their own name prefix.
const prefix = `${uniqueName("demo-ckpt")}-`;
const [vanillaSpec, stableSpec] = demoCheckpointSpecs();
const IDS = { imEnd: 151645, toolCall: 151657, lbrace: 4913, newline: 198 };
/** The replay runs the float32 forward and a float64 softmax; the design is float64 from the stored weights. */
const SAME_PROBABILITY = 1e-4;
let runIds: Record<string, string> = {};

async function checkpointsOf(runId: string) {
  return (await call(checkpointsRoute.GET, "GET", { params: { id: runId } })).json.checkpoints as {
    id: string;
    step: number;
    source: string;
    status: string;
    files: { name: string }[];
  }[];
}

beforeAll(async () => {
  const started = performance.now();
  await loadDemo(db(), {
    namePrefix: prefix,
    regimes: [vanillaSpec!.regime, stableSpec!.regime],
    checkpointStore: getConfig(),
  });
  console.log(`demo runs and checkpoints loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const runs = await db().run.findMany({ where: { name: { startsWith: prefix } }, select: { id: true, name: true } });
  runIds = Object.fromEntries(runs.map((r) => [r.name.slice(prefix.length), r.id]));
  for (const key of [vanillaSpec!.key, stableSpec!.key]) {
    for (const checkpoint of await checkpointsOf(runIds[key]!)) {
      const replayStarted = performance.now();
      await replay(checkpoint.id);
      console.log(
        `${key} step ${checkpoint.step}: replayed in ${((performance.now() - replayStarted) / 1000).toFixed(1)} s`,
      );
    }
  }
}, 600_000);

describe("demo checkpoints", () => {
  it("are stored for vanilla GRPO and the stable run only, as demo checkpoints with the Qwen tokenizer, all replayed", async () => {
    for (const [key, id] of Object.entries(runIds)) {
      const checkpoints = await checkpointsOf(id);
      const isSeries = key === vanillaSpec!.key || key === stableSpec!.key;
      expect(
        checkpoints.map((c) => c.step),
        key,
      ).toEqual(isSeries ? [...DEMO_CHECKPOINT_STEPS] : []);
      for (const c of checkpoints) {
        expect(c).toMatchObject({ source: "demo", status: "scored" });
        expect(c.files.map((f) => f.name)).toEqual([
          "config.json",
          "model.safetensors",
          "tokenizer.json",
          "tokenizer_config.json",
        ]);
      }
    }
    expect(await loadDemoCheckpoints(db(), getConfig(), prefix)).toEqual([]);
  });

  it("share one copy of the 11 MB tokenizer.json in the local store (hard links), each folder still whole", async () => {
    const dirs = (
      await db().checkpoint.findMany({ where: { run: { name: { startsWith: prefix } } }, select: { dir: true } })
    ).map((c) => path.join(getConfig().dataDir, c.dir));
    const tokenizers = dirs.map((dir) => fs.statSync(path.join(dir, "tokenizer.json")));
    expect(new Set(tokenizers.map((s) => s.ino)).size).toBe(1);
    expect(tokenizers[0]!.size).toBeGreaterThan(10_000_000);
    const models = dirs.map((dir) => fs.statSync(path.join(dir, "model.safetensors")));
    expect(new Set(models.map((s) => s.ino)).size).toBe(dirs.length);
  });

  it("give the decision-point probabilities the demo model was made with, at every checkpoint", async () => {
    for (const spec of [vanillaSpec!, stableSpec!]) {
      const probes = await db().probe.findMany({ where: { runId: runIds[spec.key]! }, select: { name: true } });
      const series = (await Promise.all(probes.map((p) => getDecisionSeries(db(), runIds[spec.key]!, p.name)))).flat();
      expect(new Set(series.map((p) => p.step)), spec.key).toEqual(new Set(DEMO_CHECKPOINT_STEPS));
      for (const point of series) {
        const { designed } = demoCheckpoint(spec, point.step, IDS);
        const where = `${spec.key} step ${point.step} position ${point.position}`;
        expect(Math.abs(point.probabilities["<|im_end|>"]! - designed.imEnd), where).toBeLessThan(SAME_PROBABILITY);
        expect(Math.abs(point.probabilities["<tool_call>"]! - designed.toolCall), where).toBeLessThan(SAME_PROBABILITY);
        expect(Math.abs(point.probabilities['{"']! - designed.lbrace), where).toBeLessThan(SAME_PROBABILITY);
      }
      const byStep = DEMO_CHECKPOINT_STEPS.map(
        (step) => series.find((p) => p.step === step)!.probabilities["<|im_end|>"]!,
      );
      console.log(
        `${spec.key}: P(<|im_end|>) at the decision point, steps ${DEMO_CHECKPOINT_STEPS.join(", ")}: ${byStep.map((p) => p.toFixed(3)).join(", ")}`,
      );
    }
  });

  it("raise a control-token spike alert on vanilla GRPO just before its collapse, and none on the stable run", async () => {
    const spikes = (runId: string) =>
      db().alert.findMany({ where: { runId, kind: "control_token_spike" }, select: { step: true, message: true } });
    const vanilla = await spikes(runIds[vanillaSpec!.key]!);
    expect(vanilla.map((a) => a.step)).toEqual([80]);
    expect(Math.abs(vanilla[0]!.step - plantedCollapseStep(vanillaSpec!)!)).toBeLessThanOrEqual(5);
    expect(vanilla[0]!.message).toMatch(/^P\(<\|im_end\|>\) jumped to \d+%/);
    expect(await spikes(runIds[stableSpec!.key]!)).toEqual([]);
  });

  it("show the capability check at the spike: suppressing <|im_end|> hands its mass to the other tokens", async () => {
    const checkpoint = (await checkpointsOf(runIds[vanillaSpec!.key]!)).find((c) => c.step === 80)!;
    const probes = await db().probe.findMany({ where: { runId: runIds[vanillaSpec!.key]! }, select: { name: true } });
    expect(probes.map((p) => p.name)).toEqual([
      expect.stringMatching(/^default:healthy_response:step-\d+:/),
      expect.stringMatching(/^default:healthy_response:step-\d+:/),
    ]);
    const probe = probes[0]!.name;
    const { json } = await call(capabilityRoute.GET, "GET", { params: { id: checkpoint.id }, query: { probe } });
    const { designed } = demoCheckpoint(vanillaSpec!, 80, IDS);
    expect(json).toMatchObject({ suppressedToken: { text: "<|im_end|>" } });
    expect(json.decisionPoints.length).toBeGreaterThan(0);
    for (const point of json.decisionPoints) {
      expect(Math.abs(point.pSuppressed - designed.imEnd)).toBeLessThan(SAME_PROBABILITY);
      expect(point.firstToken).toMatchObject({ text: '{"' });
      expect(Math.abs(point.firstToken.pBefore - designed.lbrace)).toBeLessThan(SAME_PROBABILITY);
      expect(point.firstToken.pAfter).toBeCloseTo(point.firstToken.pBefore / (1 - point.pSuppressed), 9);
    }
  });

  it("are deleted with their files when the demo is removed", async () => {
    const dirs = (
      await db().checkpoint.findMany({ where: { run: { name: { startsWith: prefix } } }, select: { dir: true } })
    ).map((c) => path.join(getConfig().dataDir, c.dir));
    expect(dirs.length).toBe(2 * DEMO_CHECKPOINT_STEPS.length);
    expect(dirs.every((dir) => fs.existsSync(path.join(dir, "model.safetensors")))).toBe(true);
    const removed = await removeDemo(db(), getConfig());
    expect(removed.checkpoints).toBeGreaterThanOrEqual(dirs.length);
    expect(dirs.filter((dir) => fs.existsSync(dir))).toEqual([]);
    expect(await db().run.count({ where: { name: { startsWith: prefix } } })).toBe(0);
  });
});
