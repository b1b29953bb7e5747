import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as capabilityRoute from "@/app/api/checkpoints/[id]/capability/route";
import * as checkpointRoute from "@/app/api/checkpoints/[id]/route";
import * as tracesRoute from "@/app/api/checkpoints/[id]/traces/route";
import * as alertsRoute from "@/app/api/runs/[id]/alerts/route";
import { loadCheckpoint } from "@/worker/inference/load-checkpoint";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { breakSafetensors, type HostileSafetensors } from "../fixtures/safetensors/hostile-safetensors";
import { copyHfCheckpoint, exportWithTorch } from "../fixtures/torch-decoder/hf-folders";
import { call } from "../helpers";
import { newRun, replay } from "./replay-helpers";
import { storeCheckpointFolder } from "./store-checkpoint-folder";

// Two of the shared transformers checkpoints (qwen2 bf16 sharded with GQA and q/k/v bias; llama bf16
// untied with llama3 rope scaling), replayed once from their safetensors (the worker's own graph) and
// once from an ONNX export that PyTorch made of the same weights (test/fixtures/torch-decoder).
const FOLDERS = ["qwen2-bf16-sharded", "llama-bf16-untied"];
const SAME = 1e-5;
/**
 * Entropy (nats) adds -p·log p over all 151,936 tokens, so the float32 rounding of two different
 * forwards (op order, fusions) compounds in it: held to 1e-4 relative, probabilities to 1e-5.
 */
const SAME_ENTROPY = 1e-4;

let fixtures: string;
beforeAll(() => {
  fixtures = makeTempDir("safetensors-replay");
});
afterAll(() => removeDir(fixtures));

const get = (route: { GET: any }, id: string, query: Record<string, string> = {}) =>
  call(route.GET, "GET", { params: { id }, query });

function expectSameNumbers(a: unknown, b: unknown, where = "$"): void {
  if (typeof a === "number" && typeof b === "number") {
    const isEntropy = where.endsWith(".entropy");
    // Probabilities (at most 1) to 1e-5 absolute; log-likelihoods (sums of log-probabilities) to 1e-5 relative.
    const tolerance = isEntropy ? SAME_ENTROPY * Math.abs(b) : SAME * Math.max(1, Math.abs(b));
    if (Math.abs(a - b) >= tolerance) throw new Error(`${where}: ${a} vs ${b}`);
    return;
  }
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return expect(a, where).toEqual(b);
  expect(Object.keys(a), where).toEqual(Object.keys(b));
  // Each checkpoint answers with its own id; everything else must agree.
  for (const key of Object.keys(a).filter((k) => k !== "checkpointId"))
    expectSameNumbers((a as any)[key], (b as any)[key], `${where}.${key}`);
}

async function replaySeries(folders: string[]): Promise<{ runId: string; ids: string[] }> {
  const runId = await newRun();
  const ids: string[] = [];
  for (const [i, dir] of folders.entries()) {
    ids.push(await storeCheckpointFolder(runId, (i + 1) * 100, dir));
    await replay(ids[i]!);
  }
  return { runId, ids };
}

describe("replay from safetensors", () => {
  it("gives the same traces, alerts and capability check as PyTorch's ONNX export of the same weights", async () => {
    const fromSafetensors = await replaySeries(FOLDERS.map((f) => copyHfCheckpoint(f, path.join(fixtures, `st-${f}`))));
    const fromOnnx = await replaySeries(FOLDERS.map((f) => exportWithTorch(f, path.join(fixtures, `onnx-${f}`))));
    for (const [i, id] of fromSafetensors.ids.entries()) {
      const other = fromOnnx.ids[i]!;
      expect((await get(checkpointRoute, id)).json).toMatchObject({
        status: "scored",
        device: "cpu",
        probes: { done: 1, total: 1 },
      });
      const trace = (await get(tracesRoute, id, { probe: "decision" })).json;
      expect(trace.tokens.length).toBeGreaterThan(40);
      expect(trace.decisionPoints).toHaveLength(1);
      expectSameNumbers(trace, (await get(tracesRoute, other, { probe: "decision" })).json);
      const capability = async (checkpointId: string) =>
        (await get(capabilityRoute, checkpointId, { probe: "decision" })).json;
      expectSameNumbers(await capability(id), await capability(other));
    }
    const alerts = async (runId: string) =>
      (await call(alertsRoute.GET, "GET", { params: { id: runId } })).json.alerts.map((a: any) => [
        a.kind,
        a.step,
        a.message,
      ]);
    expect(await alerts(fromSafetensors.runId)).toEqual(await alerts(fromOnnx.runId));
  }, 240_000);

  it("uses the ONNX export when a folder holds both it and the safetensors", async () => {
    const dir = exportWithTorch("qwen2-bf16-sharded", path.join(fixtures, "both"));
    copyHfCheckpoint("qwen2-bf16-sharded", dir);
    const checkpoint = await loadCheckpoint(dir, { device: "cpu" });
    expect(checkpoint.format).toBe("onnx");
    await checkpoint.model.close();
    fs.rmSync(path.join(dir, "model.onnx"));
    const rebuilt = await loadCheckpoint(dir, { device: "cpu" });
    expect(rebuilt.format).toBe("safetensors");
    await rebuilt.model.close();
  }, 120_000);
});

describe("hostile safetensors", () => {
  const kinds: HostileSafetensors[] = [
    "lying-dtype",
    "past-the-end",
    "overlapping",
    "huge-header",
    "wrong-shape",
    "missing-tensor",
  ];

  it("fail the job with the tensor and what was wrong; the same worker then replays a good checkpoint", async () => {
    const runId = await newRun();
    for (const [i, kind] of kinds.entries()) {
      const dir = copyHfCheckpoint("qwen2-fp32", path.join(fixtures, `hostile-${kind}`));
      const message = breakSafetensors(dir, kind);
      const id = await storeCheckpointFolder(runId, i, dir);
      await expect(replay(id), kind).rejects.toThrow(
        expect.objectContaining({ name: "PermanentJobError", message: expect.stringContaining(message) }),
      );
      expect((await get(checkpointRoute, id)).json, kind).toMatchObject({
        status: "failed",
        error: expect.stringContaining(message),
      });
    }
    const good = await storeCheckpointFolder(
      runId,
      100,
      copyHfCheckpoint("qwen2-fp32", path.join(fixtures, "hostile-then-good")),
    );
    await replay(good);
    expect((await get(checkpointRoute, good)).json).toMatchObject({ status: "scored", probes: { done: 1, total: 1 } });
  }, 240_000);

  it("fail an unsupported model_type or rope type with the supported list", async () => {
    const runId = await newRun();
    const cases: [Record<string, unknown>, string][] = [
      [{ model_type: "gemma2" }, 'model_type "gemma2" is not supported; supported: qwen2, qwen3, llama, mistral'],
      [
        { rope_parameters: { rope_type: "yarn", rope_theta: 1e6, factor: 4 } },
        'rope type "yarn" is not supported; supported: default, linear, llama3',
      ],
    ];
    for (const [i, [change, message]] of cases.entries()) {
      const dir = copyHfCheckpoint("qwen2-fp32", path.join(fixtures, `config-${i}`));
      const config = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
      fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ ...config, ...change }));
      const id = await storeCheckpointFolder(runId, i, dir);
      await expect(replay(id)).rejects.toThrow(message);
      expect((await get(checkpointRoute, id)).json.error).toBe(`config.json: ${message}`);
    }
  }, 120_000);
});
