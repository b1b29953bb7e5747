import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeDir } from "@/test/fixtures/temp-dir";
import { DataType, floatTensor, node, onnx, tensorValueInfo } from "./onnx-graph";
import { loadModelFile } from "./session";

const V = 151_936;
const PEAK_ID = 4913;
const TRACKED = [151645, 151657, PEAK_ID];

/**
 * One row of logits as trained LMs produce near p = 1: a dominant logit 17 above a flat tail of
 * 151,935 logits spread over [-1, 1]. Each tail term exp(x - 17) ≈ 5e-8 is below half a float32 ulp
 * of the running sum (1.0), so a float32 accumulation drops most of the tail (0.7% of the mass).
 */
function peakedLogits(): Float32Array {
  let state = 7;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const row = Float32Array.from({ length: V }, next);
  row[PEAK_ID] = 17;
  return row;
}

/** logits = table[input_ids]: a lookup "LM" whose row for token 0 is the peaked distribution. */
function writeLookupModel(file: string, row: Float32Array): void {
  const table = new Float32Array(2 * V);
  table.set(row, 0);
  const graph = {
    name: "lookup",
    node: [node("Gather", ["table", "input_ids"], ["logits"])],
    initializer: [floatTensor("table", [2, V], table)],
    input: [tensorValueInfo("input_ids", DataType.INT64, ["batch", "sequence"])],
    output: [tensorValueInfo("logits", DataType.FLOAT, ["batch", "sequence", V])],
  };
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ version: 17 }], graph });
  fs.writeFileSync(file, onnx.ModelProto.encode(model).finish());
}

/** Log-probabilities in float64 from the same float32 logits: the answer the head must give. */
function float64LogSoftmax(row: Float32Array): Float64Array {
  const max = row.reduce((m, x) => Math.max(m, x), -Infinity);
  let sum = 0;
  for (const x of row) sum += Math.exp(x - max);
  const logZ = max + Math.log(sum);
  return Float64Array.from(row, (x) => x - logZ);
}

let root: string;
beforeAll(() => {
  root = makeTempDir("head-precision");
});
afterAll(() => removeDir(root));

describe("reduction head normalization", () => {
  it("matches float64 on a peaked distribution over a 151,936-token vocabulary", async () => {
    const row = peakedLogits();
    const modelPath = path.join(root, "model.onnx");
    writeLookupModel(modelPath, row);
    const logp = float64LogSoftmax(row);
    const p = (id: number) => Math.exp(logp[id]!);
    const entropy = -logp.reduce((s, lp) => s + Math.exp(lp) * lp, 0);
    expect(p(PEAK_ID)).toBeGreaterThan(0.99);
    expect(p(PEAK_ID)).toBeLessThan(0.995);

    const model = await loadModelFile(modelPath, { device: "cpu" });
    try {
      // Token 0 then token 1: position 0 predicts token 1 with the peaked row.
      const [stats] = await model.score([0, 1], TRACKED, 5);
      expect(Math.abs(stats!.top[0]!.p - p(PEAK_ID))).toBeLessThan(1e-7);
      expect(stats!.top[0]!.id).toBe(PEAK_ID);
      expect(Math.abs(stats!.pNext! - p(1)) / p(1)).toBeLessThan(1e-5);
      stats!.tracked.forEach((q, j) => expect(Math.abs(q - p(TRACKED[j]!)) / p(TRACKED[j]!)).toBeLessThan(1e-5));
      expect(Math.abs(stats!.entropy - entropy) / entropy).toBeLessThan(1e-5);
    } finally {
      await model.close();
    }
  });

  it("re-sums the chunk holding the peak in float64, where a float32 sum is off by half an ulp", async () => {
    // A flat tail with exp(x - 17) = 2⁻²⁴: the peak's chunk sums to 1 + 63·2⁻²⁴ (64 terms), exactly
    // half-way between two float32 values, so any float32 sum of it misses by 2⁻²⁴ (p off by 6e-8).
    const row = new Float32Array(V).fill(17 - 24 * Math.LN2);
    row[PEAK_ID] = 17;
    const modelPath = path.join(root, "half-ulp.onnx");
    writeLookupModel(modelPath, row);
    const pPeak = Math.exp(float64LogSoftmax(row)[PEAK_ID]!);
    expect(pPeak).toBeGreaterThan(0.99);

    const model = await loadModelFile(modelPath, { device: "cpu" });
    try {
      const [stats] = await model.score([0, 1], TRACKED, 5);
      expect(stats!.top[0]!.id).toBe(PEAK_ID);
      expect(Math.abs(stats!.top[0]!.p - pPeak)).toBeLessThan(1e-8);
    } finally {
      await model.close();
    }
  });
});
