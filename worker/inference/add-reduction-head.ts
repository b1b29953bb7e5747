import {
  DataType, declaredDims, int64Tensor, intAttr, node, onnx, tensorValueInfo, toNumber,
  type GraphProto, type ModelProto, type NodeProto, type ValueInfo,
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
  const fail = (why: string) => new Error(`${fileName} could not be loaded: it is truncated or not an ONNX model (${why})`);
  // Hugging Face clones made without git-lfs hold this text pointer instead of the model.
  if (new TextDecoder().decode(bytes.subarray(0, 24)) === "version https://git-lfs.") throw fail("a Git LFS pointer file, not the model");
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
function checkOpset(model: ModelProto, fileName: string): void {
  const entry = model.opsetImport.find((o) => !o.domain || o.domain === "ai.onnx");
  const opset = toNumber(entry?.version);
  if (opset < MIN_OPSET) throw new Error(`${fileName} uses ONNX opset ${opset}; Spikewatch needs opset ${MIN_OPSET} or newer (re-export the model)`);
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

function headNodes(logits: ValueInfo): NodeProto[] {
  const isFloat32 = logits.type?.tensorType?.elemType === DataType.FLOAT;
  // Half-precision exports are scored in float32: a vocabulary-wide LogSoftmax in fp16 loses the tail.
  const cast = isFloat32 ? [] : [node("Cast", [logits.name!], ["spikewatch/logits_f32"], [intAttr("to", DataType.FLOAT)])];
  const source = isFloat32 ? logits.name! : "spikewatch/logits_f32";
  return [
    ...cast,
    node("LogSoftmax", [source], ["spikewatch/logp"], [intAttr("axis", -1)]),
    node("GatherElements", ["spikewatch/logp", HEAD.targetIds], [HEAD.nextLogprob], [intAttr("axis", 2)]),
    node("Gather", ["spikewatch/logp", HEAD.trackedIds], [HEAD.trackedLogprobs], [intAttr("axis", 2)]),
    node("Exp", ["spikewatch/logp"], ["spikewatch/p"]),
    node("Mul", ["spikewatch/p", "spikewatch/logp"], ["spikewatch/plogp"]),
    node("ReduceSum", ["spikewatch/plogp", "spikewatch/axis2"], ["spikewatch/neg_entropy"], [intAttr("keepdims", 0)]),
    node("Neg", ["spikewatch/neg_entropy"], [HEAD.entropy]),
    node("TopK", ["spikewatch/logp", HEAD.topK], [HEAD.topValues, HEAD.topIndices], [intAttr("axis", -1)]),
    node("Shape", ["spikewatch/logp"], ["spikewatch/logp_shape"]),
    node("Gather", ["spikewatch/logp_shape", "spikewatch/axis2"], [HEAD.vocabSize], [intAttr("axis", 0)]),
  ];
}

function shapeless(name: string, elemType: number): ValueInfo {
  return { name, type: { tensorType: { elemType } } };
}

function headGraph(logits: ValueInfo): GraphProto {
  const i64 = DataType.INT64;
  // Own dim names: the model's logits dims may be unnamed, and equal names would claim equal sizes.
  return {
    node: headNodes(logits),
    initializer: [int64Tensor("spikewatch/axis2", [1], [2])],
    input: [
      tensorValueInfo(HEAD.targetIds, i64, ["spikewatch_batch", "spikewatch_sequence", 1]),
      tensorValueInfo(HEAD.trackedIds, i64, ["spikewatch_tracked"]),
      tensorValueInfo(HEAD.topK, i64, [1]),
    ],
    // Output shapes are left to ORT's inference from the nodes.
    output: [
      shapeless(HEAD.nextLogprob, DataType.FLOAT),
      shapeless(HEAD.trackedLogprobs, DataType.FLOAT),
      shapeless(HEAD.entropy, DataType.FLOAT),
      shapeless(HEAD.topValues, DataType.FLOAT),
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
  checkOpset(model, fileName);
  const logits = findLogitsOutput(model.graph!, fileName);
  return onnx.ModelProto.encode(onnx.ModelProto.create({ graph: headGraph(logits) })).finish();
}
