import {
  DataType,
  declaredDims,
  int64Tensor,
  intAttr,
  intsAttr,
  node,
  onnx,
  tensorValueInfo,
  toNumber,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type Dim,
  type ValueInfo,
} from "./onnx-graph";

/** Names of the head's inputs and outputs, prefixed so they cannot collide with the model's own. */
export const HEAD = {
  targetIds: "spikewatch/target_ids",
  trackedIds: "spikewatch/tracked_ids",
  topK: "spikewatch/top_k",
  nextLogprob: "spikewatch/next_logprob",
  trackedLogprobs: "spikewatch/tracked_logprobs",
  entropy: "spikewatch/entropy",
  topValues: "spikewatch/top_values",
  topIndices: "spikewatch/top_indices",
  vocabSize: "spikewatch/vocab_size",
} as const;

const MIN_OPSET = 13;
const FLOAT_TYPES: number[] = [DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16, DataType.DOUBLE];

function decodeModel(bytes: Uint8Array, fileName: string): ModelProto {
  const fail = (why: string) =>
    new Error(`${fileName} could not be loaded: it is truncated or not an ONNX model (${why})`);
  // Hugging Face clones made without git-lfs hold this text pointer instead of the model.
  if (new TextDecoder().decode(bytes.subarray(0, 24)) === "version https://git-lfs.")
    throw fail("a Git LFS pointer file, not the model");
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  if (!model.graph?.node?.length || !model.graph.output?.length) throw fail("no graph");
  return model;
}

/** The head passes ReduceSum its axes as an input, which opset 13 introduced. */
function checkOpset(model: ModelProto, fileName: string): number {
  const entry = model.opsetImport.find((o) => !o.domain || o.domain === "ai.onnx");
  const opset = toNumber(entry?.version);
  if (opset < MIN_OPSET)
    throw new Error(
      `${fileName} uses ONNX opset ${opset}; Spikewatch needs opset ${MIN_OPSET} or newer (re-export the model)`,
    );
  return opset;
}

function describeOutput(info: ValueInfo): string {
  return `${info.name} [${(declaredDims(info) ?? ["?"]).join(", ")}]`;
}

/** The logits output: the one named "logits", else the only rank-3 floating-point output. */
export function findLogitsOutput(graph: GraphProto, fileName = "model.onnx"): ValueInfo {
  const outputs = graph.output ?? [];
  const isRank3Float = (o: ValueInfo) =>
    FLOAT_TYPES.includes(o.type?.tensorType?.elemType ?? -1) && declaredDims(o)?.length === 3;
  const named = outputs.find((o) => o.name === "logits" && isRank3Float(o));
  const candidates = outputs.filter(isRank3Float);
  const found = named ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (found) return found;
  throw new Error(
    `${fileName} has no usable logits output: expected an output named 'logits' or a single rank-3 float output [batch, sequence, vocab]; found ${outputs.map(describeOutput).join(", ") || "none"}`,
  );
}

/** ReduceMax over the vocabulary axis: opset 18 moved `axes` from an attribute to an input. */
function reduceMaxOverVocab(input: string, output: string, opset: number): NodeProto {
  return opset >= 18
    ? node("ReduceMax", [input, "spikewatch/axis2"], [output], [intAttr("keepdims", 1)])
    : node("ReduceMax", [input], [output], [intAttr("keepdims", 1), intsAttr("axes", [2])]);
}

/** The most exp terms one float32 partial of Z adds: each partial is then within (C - 1)·2⁻²⁴ ≈ 4e-6 relative. */
const MAX_CHUNK = 64;

/**
 * Terms per partial sum: the largest divisor of the vocabulary size up to MAX_CHUNK, so the chunks
 * tile a row exactly with a plain Reshape; 1 (every term its own partial) when the size is symbolic.
 */
export function chunkSize(vocabSize: Dim | undefined): number {
  if (typeof vocabSize !== "number") return 1;
  let size = Math.min(MAX_CHUNK, vocabSize);
  while (vocabSize % size !== 0) size--;
  return size;
}

/**
 * Σ over the vocabulary in float64 without a float64 copy of [S × V]: float32 sums of `chunk` terms
 * (exact enough, see MAX_CHUNK), widened, then summed. Leaves `${output}_parts_f32` [B, S, V/chunk].
 */
function chunkedSum(input: string, output: string): NodeProto[] {
  return [
    node("Reshape", [input, "spikewatch/chunks"], [`${input}_chunks`]),
    node("ReduceSum", [`${input}_chunks`, "spikewatch/axis3"], [`${output}_parts_f32`], [intAttr("keepdims", 0)]),
    node("Cast", [`${output}_parts_f32`], [`${output}_parts`], [intAttr("to", DataType.DOUBLE)]),
    node("ReduceSum", [`${output}_parts`, "spikewatch/axis2"], [output], [intAttr("keepdims", 1)]),
  ];
}

/**
 * Normalizes in float64 where float32 loses the answer: Z = Σ exp(logit - max). With one dominant
 * logit, each tail term can fall below half a float32 ulp of a running sum that holds the dominant
 * 1.0, so a float32 LogSoftmax over 151,936 entries drops the tail and reports p too high near 1 (by
 * 1e-4). The shift, exp and products stay float32 (each term to 1e-7 relative); Z is the float64 sum
 * of float32 partials over chunks of at most MAX_CHUNK terms, except that the heaviest chunk (its
 * partial is at least the max term's 1.0) is re-summed from float64 exps. The partials left in float32
 * then hold at most Z - 1 of the mass together, so each log-probability is within
 * (MAX_CHUNK - 1)·2⁻²⁴·(1 - p_max) ≈ 4e-6·(1 - p_max) of the float64 answer. Entropy =
 * log Z - Σ e·d / Z (d = logit - max, e = exp(d)), Σ e·d chunked the same way; the max contributes 0
 * to it, so no single term dominates its partials. Besides the logits, the head's [S × V] tensors are
 * d, e and e·d, all float32 (a float64 copy of e used to cost more than the rest of the head).
 */
function headNodes(logits: ValueInfo, opset: number): NodeProto[] {
  const isFloat32 = logits.type?.tensorType?.elemType === DataType.FLOAT;
  // Half-precision exports are shifted in float32: a vocabulary-wide LogSoftmax in fp16 loses the tail.
  const cast = isFloat32
    ? []
    : [node("Cast", [logits.name!], ["spikewatch/logits_f32"], [intAttr("to", DataType.FLOAT)])];
  const source = isFloat32 ? logits.name! : "spikewatch/logits_f32";
  const toDouble = (input: string, output: string) => node("Cast", [input], [output], [intAttr("to", DataType.DOUBLE)]);
  const minusLogZ = (shifted: string, output: string) => [
    toDouble(shifted, `${shifted}_f64`),
    node("Sub", [`${shifted}_f64`, "spikewatch/log_z"], [output]),
  ];
  return [
    ...cast,
    reduceMaxOverVocab(source, "spikewatch/max", opset),
    node("Sub", [source, "spikewatch/max"], ["spikewatch/d"]),
    node("Exp", ["spikewatch/d"], ["spikewatch/e"]),
    ...chunkedSum("spikewatch/e", "spikewatch/z_rounded"),
    // The heaviest chunk, summed again from its d in float64, replaces its float32 partial.
    node(
      "ArgMax",
      ["spikewatch/z_rounded_parts_f32"],
      ["spikewatch/heavy"],
      [intAttr("axis", 2), intAttr("keepdims", 1)],
    ),
    node(
      "GatherElements",
      ["spikewatch/z_rounded_parts", "spikewatch/heavy"],
      ["spikewatch/heavy_rounded"],
      [intAttr("axis", 2)],
    ),
    node("Reshape", ["spikewatch/d", "spikewatch/chunks"], ["spikewatch/d_chunks"]),
    node("GatherND", ["spikewatch/d_chunks", "spikewatch/heavy"], ["spikewatch/heavy_d"], [intAttr("batch_dims", 2)]),
    toDouble("spikewatch/heavy_d", "spikewatch/heavy_d_f64"),
    node("Exp", ["spikewatch/heavy_d_f64"], ["spikewatch/heavy_e"]),
    node("ReduceSum", ["spikewatch/heavy_e", "spikewatch/axis2"], ["spikewatch/heavy_exact"], [intAttr("keepdims", 1)]),
    node("Sub", ["spikewatch/z_rounded", "spikewatch/heavy_rounded"], ["spikewatch/z_rest"]),
    node("Add", ["spikewatch/z_rest", "spikewatch/heavy_exact"], ["spikewatch/z"]),
    node("Log", ["spikewatch/z"], ["spikewatch/log_z"]),
    node("Mul", ["spikewatch/e", "spikewatch/d"], ["spikewatch/ed"]),
    ...chunkedSum("spikewatch/ed", "spikewatch/sum_ed"),
    node("Div", ["spikewatch/sum_ed", "spikewatch/z"], ["spikewatch/mean_d"]),
    node("Sub", ["spikewatch/log_z", "spikewatch/mean_d"], ["spikewatch/entropy3"]),
    node("Squeeze", ["spikewatch/entropy3", "spikewatch/axis2"], [HEAD.entropy]),
    node("GatherElements", ["spikewatch/d", HEAD.targetIds], ["spikewatch/next_d"], [intAttr("axis", 2)]),
    ...minusLogZ("spikewatch/next_d", HEAD.nextLogprob),
    node("Gather", ["spikewatch/d", HEAD.trackedIds], ["spikewatch/tracked_d"], [intAttr("axis", 2)]),
    ...minusLogZ("spikewatch/tracked_d", HEAD.trackedLogprobs),
    node("TopK", ["spikewatch/d", HEAD.topK], ["spikewatch/top_d", HEAD.topIndices], [intAttr("axis", -1)]),
    ...minusLogZ("spikewatch/top_d", HEAD.topValues),
    node("Shape", ["spikewatch/d"], ["spikewatch/d_shape"]),
    node("Gather", ["spikewatch/d_shape", "spikewatch/axis2"], [HEAD.vocabSize], [intAttr("axis", 0)]),
  ];
}

function shapeless(name: string, elemType: number): ValueInfo {
  return { name, type: { tensorType: { elemType } } };
}

function headGraph(logits: ValueInfo, opset: number): GraphProto {
  const i64 = DataType.INT64;
  // Own dim names: the model's logits dims may be unnamed, and equal names would claim equal sizes.
  return {
    node: headNodes(logits, opset),
    initializer: [
      int64Tensor("spikewatch/axis2", [1], [2]),
      int64Tensor("spikewatch/axis3", [1], [3]),
      int64Tensor("spikewatch/chunks", [4], [0, 0, -1, chunkSize(declaredDims(logits)?.[2])]),
    ],
    input: [
      tensorValueInfo(HEAD.targetIds, i64, ["spikewatch_batch", "spikewatch_sequence", 1]),
      tensorValueInfo(HEAD.trackedIds, i64, ["spikewatch_tracked"]),
      tensorValueInfo(HEAD.topK, i64, [1]),
    ],
    // Output shapes are left to ORT's inference from the nodes.
    output: [
      shapeless(HEAD.nextLogprob, DataType.DOUBLE),
      shapeless(HEAD.trackedLogprobs, DataType.DOUBLE),
      shapeless(HEAD.entropy, DataType.DOUBLE),
      shapeless(HEAD.topValues, DataType.DOUBLE),
      shapeless(HEAD.topIndices, i64),
      shapeless(HEAD.vocabSize, i64),
    ],
  };
}

/**
 * Returns the bytes to append to model.onnx to add a reduction head on its logits: per position the
 * log-probability of a target id and of tracked ids, the entropy (nats), the top-k, and the
 * vocabulary size. Protobuf merges a second serialized ModelProto into the first (repeated fields
 * concatenate), so the original bytes, with their external-data references and any fields newer
 * than onnx-proto's schema, stay untouched and the weights are never re-encoded.
 */
export function reductionHeadPatch(modelBytes: Uint8Array, fileName = "model.onnx"): Uint8Array {
  const model = decodeModel(modelBytes, fileName);
  const opset = checkOpset(model, fileName);
  const logits = findLogitsOutput(model.graph!, fileName);
  return onnx.ModelProto.encode(onnx.ModelProto.create({ graph: headGraph(logits, opset) })).finish();
}
