// Benchmark (not a test): checkpoint replay speed on a full-vocabulary tiny LM at sequence 512.
//   npm run bench:replay [-- --seq 512 --hidden 16 --runs 5 --threads 2]
// Prints scored tokens/s with the in-graph reduction head, the same forward fetching full logits,
// a plain [S×H]·[H×V] MatMul session's GFLOP/s on the same shapes, their ratio, and peak RSS.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildTinyLm } from "../test/fixtures/tiny-lm/build-tiny-lm";
import { DataType, floatTensor, node, onnx, tensorValueInfo } from "../worker/inference/onnx-graph";
import { loadModelFile, timePlainForward } from "../worker/inference/session";
import { median } from "./median";

const V = 151936;
/** The first runs grow ORT's memory arena to size and are not timed. */
const WARMUP = 2;

export type ReplayOptions = { seq: number; hidden: number; runs: number; threads?: number };

export type ReplayResult = {
  seq: number; hidden: number; vocab: number; threads: number | null;
  /** one scored forward with the reduction head, ms (median) */
  headMs: number;
  tokensPerSecond: number;
  /** the same forward fetching full logits, ms (median) */
  logitsMs: number;
  matmulMs: number;
  matmulGflops: number;
  /** output-layer FLOPs per ms of the replay over those of the plain MatMul */
  replayOverMatmul: number;
  peakRssMiB: number;
};

/** x [1,S,H] · W [H,V]: the head-free core of the tiny LM's output layer. */
function writeMatMulModel(file: string, H: number): void {
  const weights = new Float32Array(H * V).map((_, i) => Math.sin(i) * 0.1);
  const graph = {
    name: "matmul", node: [node("MatMul", ["x", "w"], ["y"])], initializer: [floatTensor("w", [H, V], weights)],
    input: [tensorValueInfo("x", DataType.FLOAT, [1, "seq", H])], output: [tensorValueInfo("y", DataType.FLOAT, [1, "seq", V])],
  };
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ version: 17 }], graph });
  fs.writeFileSync(file, onnx.ModelProto.encode(model).finish());
}

export async function benchReplay({ seq: S, hidden: H, runs: RUNS, threads }: ReplayOptions): Promise<ReplayResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-replay-"));
  try {
    buildTinyLm(dir, { hidden: H, imEndBoost: 4 });
    const modelPath = path.join(dir, "model.onnx");
    const tokens = Array.from({ length: S }, (_, i) => (i * 7919) % 151643);

    const model = await loadModelFile(modelPath, { device: "cpu", threads });
    const headTimes: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const start = performance.now();
      await model.score(tokens, [151645, 151657, 4913], 5);
      if (i >= WARMUP) headTimes.push(performance.now() - start);
    }
    await model.close();
    const replayRssMiB = process.resourceUsage().maxRSS / 1024;

    const ids = { type: "int64", data: BigInt64Array.from(tokens, BigInt), dims: [1, S] };
    const logitsMs = median((await timePlainForward(modelPath, { input_ids: ids }, ["logits"], { runs: WARMUP + RUNS, threads })).slice(WARMUP));

    const matmulPath = path.join(dir, "matmul.onnx");
    writeMatMulModel(matmulPath, H);
    const x = { type: "float32", data: new Float32Array(S * H).fill(0.5), dims: [1, S, H] };
    const matmulMs = median((await timePlainForward(matmulPath, { x }, ["y"], { runs: WARMUP + RUNS, threads })).slice(WARMUP));

    const flop = 2 * S * H * V;
    const headMs = median(headTimes);
    const matmulGflops = flop / matmulMs / 1e6;
    const replayGflops = flop / headMs / 1e6;
    return {
      seq: S, hidden: H, vocab: V, threads: threads ?? null, headMs, tokensPerSecond: (S / headMs) * 1000, logitsMs, matmulMs, matmulGflops,
      replayOverMatmul: replayGflops / matmulGflops, peakRssMiB: replayRssMiB,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { seq: { type: "string", default: "512" }, hidden: { type: "string", default: "16" }, runs: { type: "string", default: "5" }, threads: { type: "string" } },
  });
  const r = await benchReplay({ seq: Number(values.seq), hidden: Number(values.hidden), runs: Number(values.runs), threads: values.threads ? Number(values.threads) : undefined });
  console.log(`shapes: S=${r.seq} H=${r.hidden} V=${r.vocab}, ${values.runs} timed runs (median), threads ${r.threads ?? "default"}`);
  console.log(`replay with reduction head: ${r.headMs.toFixed(1)} ms/forward = ${r.tokensPerSecond.toFixed(0)} tokens/s scored`);
  console.log(`same model fetching full logits: ${r.logitsMs.toFixed(1)} ms/forward (${(r.logitsMs / r.headMs).toFixed(2)}× the head)`);
  console.log(`plain MatMul [${r.seq}×${r.hidden}]·[${r.hidden}×${r.vocab}] fetching its output: ${r.matmulMs.toFixed(1)} ms = ${r.matmulGflops.toFixed(2)} GFLOP/s`);
  console.log(`replay / MatMul throughput (output-layer FLOPs per ms): ${r.replayOverMatmul.toFixed(2)}`);
  console.log(`peak RSS: ${r.peakRssMiB.toFixed(0)} MiB after the replay runs, ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB at the end`);
}
