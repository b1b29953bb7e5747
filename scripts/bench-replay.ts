// Benchmark (not a test): checkpoint replay speed.
//   npm run bench:replay [-- --seq 512 --hidden 16 --runs 5 --threads 2]
//     the reduction head on a full-vocabulary tiny LM: scored tokens/s with the in-graph head, the same
//     forward fetching full logits, a plain [S×H]·[H×V] MatMul's GFLOP/s on the same shapes, peak RSS.
//   npm run bench:replay -- --model [--quick] [--seq 512 --runs 2 --threads 2]
//     a random Qwen2.5-0.5B-shaped bfloat16 checkpoint: the graph built from its safetensors, an ONNX
//     export of it (float32 external data), and Debian's python3-torch running the same weights (float32),
//     each in its own process for its peak RSS.
//   npm run bench:replay -- --model --profile
//     the same, and where the built graph's forward spends its time (onnxruntime's per-op profile of
//     the last timed run, grouped: lm_head, decoder projections, attention, reduction head, the rest).
// Exits non-zero only when a measurement breaks, never when it is slow.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  QWEN25_05B_SHAPE,
  SMALL_QWEN2_SHAPE,
  writeRandomCheckpoint,
} from "../test/fixtures/safetensors/random-checkpoint";
import { parseDecoderConfig } from "../lib/domain/checkpoints/decoder-config";
import { TORCH_DECODER_SCRIPT, SYSTEM_PYTHON } from "../test/fixtures/torch-decoder/hf-folders";
import { buildDecoderGraph } from "../worker/inference/build-decoder-graph";
import { readSafetensors, type StoredTensor } from "../worker/inference/read-safetensors";
import { buildTinyLm } from "../test/fixtures/tiny-lm/build-tiny-lm";
import { loadCheckpoint } from "../worker/inference/load-checkpoint";
import { DataType, floatTensor, node, onnx, tensorValueInfo } from "../worker/inference/onnx-graph";
import { loadModelFile, timePlainForward } from "../worker/inference/session";
import { median } from "./median";

const V = 151936;
/** The first runs grow ORT's memory arena to size and are not timed. */
const WARMUP = 2;

export type ReplayOptions = { seq: number; hidden: number; runs: number; threads?: number };

export type ReplayResult = {
  seq: number;
  hidden: number;
  vocab: number;
  threads: number | null;
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
    name: "matmul",
    node: [node("MatMul", ["x", "w"], ["y"])],
    initializer: [floatTensor("w", [H, V], weights)],
    input: [tensorValueInfo("x", DataType.FLOAT, [1, "seq", H])],
    output: [tensorValueInfo("y", DataType.FLOAT, [1, "seq", V])],
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
    const logitsMs = median(
      (await timePlainForward(modelPath, { input_ids: ids }, ["logits"], { runs: WARMUP + RUNS, threads })).slice(
        WARMUP,
      ),
    );

    const matmulPath = path.join(dir, "matmul.onnx");
    writeMatMulModel(matmulPath, H);
    const x = { type: "float32", data: new Float32Array(S * H).fill(0.5), dims: [1, S, H] };
    const matmulMs = median(
      (await timePlainForward(matmulPath, { x }, ["y"], { runs: WARMUP + RUNS, threads })).slice(WARMUP),
    );

    const flop = 2 * S * H * V;
    const headMs = median(headTimes);
    const matmulGflops = flop / matmulMs / 1e6;
    const replayGflops = flop / headMs / 1e6;
    return {
      seq: S,
      hidden: H,
      vocab: V,
      threads: threads ?? null,
      headMs,
      tokensPerSecond: (S / headMs) * 1000,
      logitsMs,
      matmulMs,
      matmulGflops,
      replayOverMatmul: replayGflops / matmulGflops,
      peakRssMiB: replayRssMiB,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Probe tokens shared by every leg (and by torch_decoder.py bench): ids spread over the vocabulary. */
function probeTokens(seq: number): number[] {
  return Array.from({ length: seq }, (_, i) => (i * 7919) % 151643);
}

export type LegResult = {
  format: string;
  loadSeconds: number;
  forwardMs: number;
  tokensPerSecond: number;
  peakRssMiB: number;
  /** kernel ms per group in the last timed run, with --profile */
  profileMs?: Record<string, number>;
};

/** Which part of the forward a profiled node belongs to, by the names the builder and the head give. */
function profileGroup(nodeName: string, opType: string): string {
  if (nodeName.startsWith("FusedMatMul_logits")) return "lm_head [S×H]·[H×V]";
  if (nodeName.includes("spikewatch/")) return "reduction head";
  if (opType === "Gemm") return "decoder projections (Gemm)";
  if (["MatMul", "FusedMatMul", "Where", "Softmax", "Transpose", "Expand"].includes(opType))
    return "attention (scores, mask, softmax, context)";
  return "norms, rotary, SiLU, residuals, reshapes";
}

type ProfileEvent = { cat?: string; name: string; ts: number; dur: number; args?: { op_name?: string } };

/** Sums onnxruntime's per-node kernel times of the last run in a profile file, by profileGroup. */
function summariseProfile(file: string): Record<string, number> {
  const events = JSON.parse(fs.readFileSync(file, "utf8")) as ProfileEvent[];
  const last = events.filter((e) => e.name === "model_run").at(-1)!;
  const totals: Record<string, number> = {};
  for (const e of events) {
    if (e.cat !== "Node" || !e.name.endsWith("_kernel_time") || e.ts < last.ts || e.ts > last.ts + last.dur) continue;
    const group = profileGroup(e.name, e.args?.op_name ?? "");
    totals[group] = (totals[group] ?? 0) + e.dur / 1000;
  }
  return totals;
}

/** One leg, in this process: load the checkpoint folder as the worker does, score the probe `runs` times. */
async function runLeg(dir: string, seq: number, runs: number, threads: number, profile: boolean): Promise<LegResult> {
  const profileDir = profile ? fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-replay-profile-")) : null;
  const started = performance.now();
  const { format, model } = await loadCheckpoint(dir, {
    device: "cpu",
    threads,
    ...(profileDir ? { profilePrefix: path.join(profileDir, "replay") } : {}),
  });
  const loadSeconds = (performance.now() - started) / 1000;
  const tokens = probeTokens(seq);
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now();
    await model.score(tokens, [151645, 151657, 4913], 5);
    if (i > 0) times.push(performance.now() - start);
  }
  await model.close();
  const forwardMs = median(times);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const result = { format, loadSeconds, forwardMs, tokensPerSecond: (seq / forwardMs) * 1000, peakRssMiB };
  if (!profileDir) return result;
  try {
    return { ...result, profileMs: summariseProfile(path.join(profileDir, fs.readdirSync(profileDir)[0]!)) };
  } finally {
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

/** Runs one leg in a child process (its own peak RSS) and echoes the result to stderr as progress. */
function childJson<T>(command: string, args: string[]): T {
  const out = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 24 });
  const line = out.trim().split("\n").at(-1)!;
  console.error(`leg done: ${line}`);
  return JSON.parse(line) as T;
}

export type ModelReplayResult = {
  shape: string;
  seq: number;
  runs: number;
  threads: number;
  /** the bfloat16 safetensors, and the same weights as float32 */
  weightBytes: number;
  float32Bytes: number;
  safetensors: LegResult;
  onnx: LegResult | null;
  torch: (LegResult & { torch: string }) | null;
  /** why a leg was not measured */
  missing: string | null;
};

/**
 * The checkpoint as an ONNX export in the layout exports over 2 GB use: model.onnx with its float32
 * weights in model.onnx_data (external data). PyTorch 1.13's exporter cannot write that layout for a
 * model under 2 GB of parameters whose file passes 2 GB (a tied embedding is written twice), so the
 * graph is the built one, over a float32 copy of the weights, and the path measured is the ONNX one.
 */
async function writeFloat32Export(source: string, target: string): Promise<void> {
  fs.mkdirSync(target, { recursive: true });
  for (const file of ["config.json", "tokenizer.json", "tokenizer_config.json"]) {
    fs.copyFileSync(path.join(source, file), path.join(target, file));
  }
  const float32 = new Map<string, StoredTensor>();
  const fd = fs.openSync(path.join(target, "model.onnx_data"), "w");
  try {
    let offset = 0;
    for (const [name, t] of await readSafetensors(source)) {
      if (t.dtype !== "BF16") throw new Error(`${name} is ${t.dtype}; the random checkpoint is bfloat16 throughout`);
      const input = fs.openSync(path.join(source, t.file), "r");
      // bfloat16 is the top half of a float32: widen 4M values at a time.
      for (let at = t.begin; at < t.end; at += 1 << 23) {
        const bf16 = new Uint16Array(Math.min(1 << 22, (t.end - at) / 2));
        fs.readSync(input, new Uint8Array(bf16.buffer), 0, bf16.byteLength, at);
        const bits = new Uint32Array(bf16.length);
        for (let i = 0; i < bf16.length; i++) bits[i] = bf16[i]! << 16;
        fs.writeSync(fd, new Uint8Array(bits.buffer));
      }
      fs.closeSync(input);
      const bytes = (t.end - t.begin) * 2;
      float32.set(name, { ...t, dtype: "F32", file: "model.onnx_data", begin: offset, end: offset + bytes });
      offset += bytes;
    }
  } finally {
    fs.closeSync(fd);
  }
  const config = parseDecoderConfig(JSON.parse(fs.readFileSync(path.join(source, "config.json"), "utf8")));
  fs.writeFileSync(path.join(target, "model.onnx"), buildDecoderGraph(config, float32));
}

function hasTorch(): boolean {
  try {
    execFileSync(SYSTEM_PYTHON, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export async function benchModelReplay({
  quick,
  seq,
  runs,
  threads,
  profile = false,
}: {
  quick: boolean;
  seq: number;
  runs: number;
  threads: number;
  profile?: boolean;
}): Promise<ModelReplayResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-model-"));
  const leg = (folder: string) =>
    childJson<LegResult>("npx", [
      "tsx",
      import.meta.filename,
      "--leg",
      folder,
      "--seq",
      String(seq),
      "--runs",
      String(runs),
      "--threads",
      String(threads),
      ...(profile ? ["--profile"] : []),
    ]);
  try {
    const shape = quick ? SMALL_QWEN2_SHAPE : QWEN25_05B_SHAPE;
    const stDir = path.join(dir, "safetensors");
    const weightBytes = writeRandomCheckpoint(stDir, shape);
    const result: ModelReplayResult = {
      shape: quick ? "small qwen2 (hidden 64, 2 layers)" : "Qwen2.5-0.5B",
      seq,
      runs,
      threads,
      weightBytes,
      float32Bytes: weightBytes * 2,
      safetensors: leg(stDir),
      onnx: null,
      torch: null,
      missing: null,
    };
    const onnxDir = path.join(dir, "onnx");
    await writeFloat32Export(stDir, onnxDir);
    result.onnx = leg(onnxDir);
    fs.rmSync(onnxDir, { recursive: true, force: true });
    if (!hasTorch()) {
      const missing = "python3-torch is not installed (apt-get install -y python3-torch): no PyTorch leg";
      return { ...result, missing };
    }
    result.torch = childJson(SYSTEM_PYTHON, [
      TORCH_DECODER_SCRIPT,
      "bench",
      stDir,
      "--seq",
      String(seq),
      "--runs",
      String(runs),
      "--threads",
      String(threads),
    ]);
    return { ...result, torch: { ...result.torch!, format: "pytorch float32" } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printModelReplay(r: ModelReplayResult): void {
  const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
  console.log(
    `${r.shape}, S=${r.seq}, ${r.runs} timed runs (median), ${r.threads} threads; ` +
      `weights ${gib(r.weightBytes)} GiB bf16 (${gib(r.float32Bytes)} GiB as float32)`,
  );
  for (const [name, l] of [
    ["safetensors (built graph)", r.safetensors],
    ["ONNX export (float32 external data)", r.onnx],
    ["PyTorch float32 forward", r.torch],
  ] as const) {
    if (!l) continue;
    console.log(
      `${name}: ${l.tokensPerSecond.toFixed(1)} tokens/s (${l.forwardMs.toFixed(0)} ms/forward), ` +
        `load ${l.loadSeconds.toFixed(1)} s, peak RSS ${(l.peakRssMiB / 1024).toFixed(2)} GiB`,
    );
  }
  for (const [name, l] of [
    ["safetensors", r.safetensors],
    ["ONNX export", r.onnx],
  ] as const) {
    if (!l?.profileMs) continue;
    const groups = Object.entries(l.profileMs).sort((a, b) => b[1] - a[1]);
    console.log(
      `${name}, kernel time of the last run: ${groups.map(([g, ms]) => `${g} ${ms.toFixed(0)} ms`).join(", ")}`,
    );
  }
  if (r.missing) console.log(`not measured: ${r.missing}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      seq: { type: "string", default: "512" },
      hidden: { type: "string", default: "16" },
      runs: { type: "string" },
      threads: { type: "string" },
      model: { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      leg: { type: "string" },
      profile: { type: "boolean", default: false },
    },
  });
  const threads = values.threads ? Number(values.threads) : undefined;
  if (values.leg) {
    const leg = await runLeg(values.leg, Number(values.seq), Number(values.runs ?? 2), threads ?? 2, values.profile);
    console.log(JSON.stringify(leg));
  } else if (values.model) {
    printModelReplay(
      await benchModelReplay({
        quick: values.quick,
        seq: Number(values.seq),
        runs: Number(values.runs ?? 2),
        threads: threads ?? 2,
        profile: values.profile,
      }),
    );
  } else {
    const r = await benchReplay({
      seq: Number(values.seq),
      hidden: Number(values.hidden),
      runs: Number(values.runs ?? 5),
      threads,
    });
    console.log(
      `shapes: S=${r.seq} H=${r.hidden} V=${r.vocab}, ${values.runs ?? 5} timed runs (median), ` +
        `threads ${r.threads ?? "default"}`,
    );
    console.log(
      `replay with reduction head: ${r.headMs.toFixed(1)} ms/forward = ${r.tokensPerSecond.toFixed(0)} tokens/s scored`,
    );
    console.log(
      `same model fetching full logits: ${r.logitsMs.toFixed(1)} ms/forward ` +
        `(${(r.logitsMs / r.headMs).toFixed(2)}× the head)`,
    );
    console.log(
      `plain MatMul [${r.seq}×${r.hidden}]·[${r.hidden}×${r.vocab}] fetching its output: ` +
        `${r.matmulMs.toFixed(1)} ms = ${r.matmulGflops.toFixed(2)} GFLOP/s`,
    );
    console.log(`replay / MatMul throughput (output-layer FLOPs per ms): ${r.replayOverMatmul.toFixed(2)}`);
    console.log(
      `peak RSS: ${r.peakRssMiB.toFixed(0)} MiB after the replay runs, ` +
        `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB at the end`,
    );
  }
}
