import fs from "node:fs/promises";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { HEAD, reductionHeadPatch } from "./add-reduction-head";
import { HEAD_OUTPUT_NAMES, headFeedArrays, toPositionStats, type PositionStats } from "./head-io";
import { feedArrays, planFeeds, type DeclaredInput, type FeedArray } from "./model-feeds";

export type { PositionStats } from "./head-io";
export type Device = "cpu" | "cuda";
export type DevicePreference = "auto" | "cpu" | "cuda";

export type CheckpointModel = {
  device: Device;
  vocabSize: number;
  inputNames: string[];
  /** scores one token sequence; entry i describes the distribution of the token at i+1 */
  score(tokenIds: readonly number[], trackedIds: readonly number[], topK: number): Promise<PositionStats[]>;
  close(): Promise<void>;
};

export type LoadOptions = {
  device: DevicePreference;
  threads?: number;
  /** onnxruntime's per-op profile, written to `<prefix>_<time>.json` on close (scripts/bench-replay.ts) */
  profilePrefix?: string;
};

// The process-wide logger prints a failed CUDA provider load as an error even when "auto" falls back
// as intended; sessions keep their own error-level loggers, and failures still surface as exceptions.
ort.env.logLevel = "fatal";

/**
 * Prepacking is off: packed copies of the MatMul/Gemm weights add most of a second float32 copy of
 * the model (a Qwen2.5-0.5B-shaped bf16 checkpoint, 1.84 GiB as float32, same run: 2.65 GiB resident
 * with it, 2.02 GiB without), while packing per call costs O(K·N) against the O(S·K·N) product
 * (measured at S=512, 2 threads: about 12% of the forward). No memory pattern: every probe has its
 * own length, and a pattern is one new block per length beside the arena's (at S=512: 0.3 GiB more
 * peak RSS, and a second run that page-faults through it).
 */
function sessionOptions(
  threads: number | undefined,
  externalDataDir: string,
  profilePrefix?: string,
): ort.InferenceSession.SessionOptions {
  return {
    ...(profilePrefix ? { enableProfiling: true, profileFilePrefix: profilePrefix } : {}),
    graphOptimizationLevel: "all",
    enableMemPattern: false,
    logSeverityLevel: 3,
    ...(threads ? { intraOpNumThreads: threads } : {}),
    extra: { session: { model_external_initializers_file_folder_path: externalDataDir, disable_prepacking: "1" } },
  };
}

/**
 * Sessions are created from bytes, with external data resolved in `externalDataDir`: onnxruntime
 * refuses external-data paths that leave the folder of the model it loads (it resolves symlinks), and
 * the checkpoint folder may be read-only, so nothing is written next to the user's files.
 */
async function createSession(
  model: ModelSource,
  options: LoadOptions,
): Promise<{ session: ort.InferenceSession; device: Device }> {
  const base = sessionOptions(options.threads, model.externalDataDir, options.profilePrefix);
  if (options.device !== "cpu") {
    try {
      const session = await ort.InferenceSession.create(model.bytes, { ...base, executionProviders: ["cuda"] });
      return { session, device: "cuda" };
    } catch (error) {
      if (options.device === "cuda")
        throw new Error(`the CUDA execution provider could not be used: ${messageOf(error)}`);
    }
  }
  try {
    const session = await ort.InferenceSession.create(model.bytes, { ...base, executionProviders: ["cpu"] });
    return { session, device: "cpu" };
  } catch (error) {
    throw new Error(`${model.fileName} could not be loaded by onnxruntime: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An ONNX model in memory; `externalDataDir` is where its external-data locations resolve, and
 * `spare` counts the bytes after `bytes` in its buffer that belong to it (room for the head).
 */
export type ModelSource = { bytes: Uint8Array; fileName: string; externalDataDir: string; spare?: number };

/** Room left after a read model.onnx for the reduction head's bytes (about 2 KB), so appending them copies nothing. */
const HEAD_ROOM = 1 << 16;

/** Reads an exported model.onnx; its external data (model.onnx_data) resolves in its own folder. */
export async function readModelFile(modelPath: string): Promise<ModelSource> {
  const fileName = path.basename(modelPath);
  try {
    const handle = await fs.open(modelPath, "r");
    try {
      const { size } = await handle.stat();
      // An export with its weights inside can be near 2 GB: read it once, into a buffer the head fits after.
      const buffer = new Uint8Array(size + HEAD_ROOM);
      for (let read = 0; read < size;) {
        const { bytesRead } = await handle.read(buffer, read, size - read, read);
        if (bytesRead === 0) throw new Error(`ended after ${read} of ${size} bytes`);
        read += bytesRead;
      }
      return { bytes: buffer.subarray(0, size), fileName, externalDataDir: path.dirname(modelPath), spare: HEAD_ROOM };
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new Error(`${fileName} could not be read: ${messageOf(error)}`);
  }
}

/** The model bytes followed by the reduction head's (see reductionHeadPatch), in place when there is room. */
function withHead({ bytes, spare = 0 }: ModelSource, patch: Uint8Array): Uint8Array {
  const isInPlace = spare >= patch.length;
  const joined = isInPlace
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length + patch.length)
    : new Uint8Array(bytes.length + patch.length);
  if (!isInPlace) joined.set(bytes, 0);
  joined.set(patch, bytes.length);
  return joined;
}

async function createHeadSession(model: ModelSource, options: LoadOptions) {
  const bytes = withHead(model, reductionHeadPatch(model.bytes, model.fileName));
  return createSession({ ...model, bytes }, options);
}

function declaredInputs(session: ort.InferenceSession): DeclaredInput[] {
  const headInputs: string[] = [HEAD.targetIds, HEAD.trackedIds, HEAD.topK];
  return session.inputMetadata
    .filter((m) => !headInputs.includes(m.name))
    .map((m) =>
      m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name, type: "non-tensor", shape: [] },
    );
}

function toTensors(arrays: Record<string, FeedArray>): Record<string, ort.Tensor> {
  const tensors: Record<string, ort.Tensor> = {};
  // Safe: FeedArray pairs each type name with the typed array ORT expects for it.
  for (const [name, a] of Object.entries(arrays))
    tensors[name] = new ort.Tensor(a.type as ort.Tensor.Type, a.data, a.dims);
  return tensors;
}

function dataOf<T extends Float64Array | BigInt64Array>(
  outputs: ort.InferenceSession.ReturnType,
  name: string,
  kind: new () => T,
): T {
  const data = outputs[name]?.data;
  // A runtime check instead of a cast: a head output of another type means the head was not ours.
  if (!(data instanceof kind)) throw new Error(`reduction head output ${name} is missing or has an unexpected type`);
  return data;
}

/**
 * Loads a checkpoint's model.onnx with a reduction head, so a forward pass copies out a few numbers
 * per position instead of [sequence × vocab] logits. Throws a readable error for a truncated or
 * non-ONNX file, a model without logits, an input it cannot feed, or an unavailable CUDA.
 */
export async function loadCheckpointModel(model: ModelSource, options: LoadOptions): Promise<CheckpointModel> {
  const { session, device } = await createHeadSession(model, options);
  try {
    const plan = planFeeds(declaredInputs(session));
    const inputNames = plan.map((p) => p.name);
    const run = (tokenIds: readonly number[], heads: Record<string, FeedArray>, fetches: string[]) =>
      session.run(toTensors({ ...feedArrays(plan, tokenIds), ...heads }), fetches);
    // A one-token pass reads the vocabulary size and proves the feeds fit before any job relies on them.
    const probe = await run([0], headFeedArrays([0], [], 1, 1), [HEAD.vocabSize]);
    const vocabSize = Number(dataOf(probe, HEAD.vocabSize, BigInt64Array)[0]);
    return {
      device,
      vocabSize,
      inputNames,
      async score(tokenIds, trackedIds, topK) {
        const out = await run(tokenIds, headFeedArrays(tokenIds, trackedIds, topK, vocabSize), HEAD_OUTPUT_NAMES);
        const heads = {
          nextLogprob: dataOf(out, HEAD.nextLogprob, Float64Array),
          trackedLogprobs: dataOf(out, HEAD.trackedLogprobs, Float64Array),
          entropy: dataOf(out, HEAD.entropy, Float64Array),
          topValues: dataOf(out, HEAD.topValues, Float64Array),
          topIndices: dataOf(out, HEAD.topIndices, BigInt64Array),
        };
        return toPositionStats(heads, tokenIds.length, trackedIds.length);
      },
      close: () => session.release(),
    };
  } catch (error) {
    await session.release();
    throw error;
  }
}

/** loadCheckpointModel on an exported model.onnx file. */
export async function loadModelFile(modelPath: string, options: LoadOptions): Promise<CheckpointModel> {
  return loadCheckpointModel(await readModelFile(modelPath), options);
}

/**
 * Milliseconds per run of a model as it is, without the reduction head, fetching `fetches`. Only for
 * scripts/bench-replay.ts, which compares the head against copying out full logits.
 */
export async function timePlainForward(
  modelPath: string,
  feeds: Record<string, FeedArray>,
  fetches: string[],
  options: { runs: number; threads?: number },
): Promise<number[]> {
  const session = await ort.InferenceSession.create(modelPath, {
    ...sessionOptions(options.threads, path.dirname(modelPath)),
    executionProviders: ["cpu"],
  });
  try {
    const tensors = toTensors(feeds);
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const start = performance.now();
      await session.run(tensors, fetches);
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    await session.release();
  }
}
