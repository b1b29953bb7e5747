// Benchmark (not a test): checkpoint replay speed on a full-vocabulary tiny LM at sequence 512.
//   npm run bench:replay [-- --seq 512 --hidden 16 --runs 5 --threads 2]
// Prints scored tokens/s with the in-graph reduction head, the same forward fetching full logits,
// a plain [S×H]·[H×V] MatMul session's GFLOP/s on the same shapes, their ratio, and peak RSS.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildTinyLm } from "../test/fixtures/tiny-lm/build-tiny-lm";
import { DataType, floatTensor, node, onnx, tensorValueInfo } from "../worker/inference/onnx-graph";
import { loadCheckpointModel, timePlainForward } from "../worker/inference/session";
import { median } from "./median";

const { values } = parseArgs({
  options: { seq: { type: "string", default: "512" }, hidden: { type: "string", default: "16" }, runs: { type: "string", default: "5" }, threads: { type: "string" } },
});
const S = Number(values.seq);
const H = Number(values.hidden);
const RUNS = Number(values.runs);
const V = 151936;
/** The first runs grow ORT's memory arena to size and are not timed. */
const WARMUP = 2;

/** x [1,S,H] · W [H,V]: the head-free core of the tiny LM's output layer. */
function writeMatMulModel(file: string): void {
  const weights = new Float32Array(H * V).map((_, i) => Math.sin(i) * 0.1);
  const graph = {
    name: "matmul", node: [node("MatMul", ["x", "w"], ["y"])], initializer: [floatTensor("w", [H, V], weights)],
    input: [tensorValueInfo("x", DataType.FLOAT, [1, "seq", H])], output: [tensorValueInfo("y", DataType.FLOAT, [1, "seq", V])],
  };
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ version: 17 }], graph });
  fs.writeFileSync(file, onnx.ModelProto.encode(model).finish());
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-replay-"));
  try {
    buildTinyLm(dir, { hidden: H, imEndBoost: 4 });
    const modelPath = path.join(dir, "model.onnx");
    const tokens = Array.from({ length: S }, (_, i) => (i * 7919) % 151643);
    const threads = values.threads ? Number(values.threads) : undefined;

    const model = await loadCheckpointModel(modelPath, { device: "cpu", threads });
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
    writeMatMulModel(matmulPath);
    const x = { type: "float32", data: new Float32Array(S * H).fill(0.5), dims: [1, S, H] };
    const matmulMs = median((await timePlainForward(matmulPath, { x }, ["y"], { runs: WARMUP + RUNS, threads })).slice(WARMUP));

    const flop = 2 * S * H * V;
    const headMs = median(headTimes);
    const matmulGflops = flop / matmulMs / 1e6;
    const replayGflops = flop / headMs / 1e6;
    console.log(`shapes: S=${S} H=${H} V=${V}, ${RUNS} timed runs (median), threads ${threads ?? "default"}`);
    console.log(`replay with reduction head: ${headMs.toFixed(1)} ms/forward = ${(S / headMs * 1000).toFixed(0)} tokens/s scored`);
    console.log(`same model fetching full logits: ${logitsMs.toFixed(1)} ms/forward (${(logitsMs / headMs).toFixed(2)}× the head)`);
    console.log(`plain MatMul [${S}×${H}]·[${H}×${V}] fetching its output: ${matmulMs.toFixed(1)} ms = ${matmulGflops.toFixed(2)} GFLOP/s`);
    console.log(`replay / MatMul throughput (output-layer FLOPs per ms): ${(replayGflops / matmulGflops).toFixed(2)}`);
    console.log(`peak RSS: ${replayRssMiB.toFixed(0)} MiB after the replay runs, ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB at the end`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
