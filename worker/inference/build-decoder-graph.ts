import type { DecoderConfig } from "@/lib/domain/checkpoints/decoder-config";
import { checkDecoderTensors, decoderTensorSpecs } from "@/lib/domain/checkpoints/decoder-tensors";
import { ropeInverseFrequencies } from "@/lib/domain/checkpoints/rope-frequencies";
import {
  DataType,
  floatTensor,
  int64Tensor,
  intAttr,
  intsAttr,
  node,
  onnx,
  tensorValueInfo,
  type NodeProto,
  type TensorProto,
} from "./onnx-graph";
import type { StoredTensor } from "./read-safetensors";

const OPSET = 17;
/** onnxruntime's contrib-op domain (FusedMatMul), implemented by its CPU and CUDA providers. */
const MICROSOFT = "com.microsoft";
const ONNX_DTYPES: Record<string, number> = { F32: DataType.FLOAT, F16: DataType.FLOAT16, BF16: DataType.BFLOAT16 };
/** transformers masks with the dtype's minimum, not -inf, so a fully masked row stays finite. */
const MASKED = -3.4028234663852886e38;

/**
 * A tensor whose bytes stay where they are in the checkpoint's safetensors file: ONNX external
 * data (`location` relative to the checkpoint folder, `offset`, `length`), read by onnxruntime.
 */
function externalTensor(name: string, stored: StoredTensor): TensorProto {
  const externalData = [
    { key: "location", value: stored.file },
    { key: "offset", value: String(stored.begin) },
    { key: "length", value: String(stored.end - stored.begin) },
  ];
  return {
    name,
    dims: stored.shape,
    dataType: ONNX_DTYPES[stored.dtype]!,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData,
  };
}

/** Collects nodes and initializers; `weight` returns a float32 name for a checkpoint tensor. */
class GraphWriter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;

  constructor(private readonly tensors: ReadonlyMap<string, StoredTensor>) {}

  add(opType: string, inputs: string[], attributes: Parameters<typeof node>[3] = [], outputs = 1): string[] {
    const names = Array.from({ length: outputs }, () => `t${this.counter++}`);
    this.nodes.push(node(opType, inputs, names, attributes));
    return names;
  }

  op(opType: string, inputs: string[], attributes: Parameters<typeof node>[3] = []): string {
    return this.add(opType, inputs, attributes)[0]!;
  }

  constant(tensor: TensorProto): string {
    this.initializers.push(tensor);
    return tensor.name!;
  }

  floats(values: number[] | Float32Array, dims: number[] = [values.length]): string {
    return this.constant(floatTensor(`c${this.counter++}`, dims, Float32Array.from(values)));
  }

  ints(values: number[], dims: number[] = [values.length]): string {
    return this.constant(int64Tensor(`c${this.counter++}`, dims, values));
  }

  concat(parts: string[]): string {
    return this.op("Concat", parts, [intAttr("axis", 0)]);
  }

  /**
   * The checkpoint tensor as float32: in place when it is float32, else behind one Cast, which
   * onnxruntime folds into a float32 initializer when the session is created (the 16-bit source is
   * then dropped), since its CPU kernels have no bfloat16 MatMul.
   */
  weight(name: string): string {
    const stored = this.tensors.get(name)!;
    this.initializers.push(externalTensor(name, stored));
    return stored.dtype === "F32" ? name : this.op("Cast", [name], [intAttr("to", DataType.FLOAT)]);
  }

  optionalWeight(name: string, isPresent: boolean): string[] {
    return isPresent ? [this.weight(name)] : [];
  }
}

/** y = x · Wᵀ (+ b) on 2-D activations [tokens, in]: Gemm reads W [out, in] as stored, no transposed copy. */
function linear(g: GraphWriter, x: string, name: string, hasBias: boolean): string {
  return g.op(
    "Gemm",
    [x, g.weight(`${name}.weight`), ...g.optionalWeight(`${name}.bias`, hasBias)],
    [intAttr("transB", 1)],
  );
}

/** RMSNorm over the last axis, as transformers' *RMSNorm: x / sqrt(mean(x²) + eps) · w. */
function rmsNorm(g: GraphWriter, x: string, weightName: string, eps: string): string {
  const meanSquare = g.op("ReduceMean", [g.op("Mul", [x, x])], [intsAttr("axes", [-1]), intAttr("keepdims", 1)]);
  const normalized = g.op("Div", [x, g.op("Sqrt", [g.op("Add", [meanSquare, eps])])]);
  return g.op("Mul", [normalized, g.weight(weightName)]);
}

type Shared = {
  eps: string;
  cos: string;
  sin: string;
  allowed: string;
  masked: string;
  scale: string;
  half: string;
  dims: Dims;
};
/**
 * Reshape targets: [batch, seq, heads, d], [batch, seq, kv heads, d], [batch, kv, rep, seq, d],
 * [batch, heads, seq, d], [tokens, heads·d].
 */
type Dims = { heads: string; kvHeads: string; repeated: string; grouped: string; tokens: string };

/** x·cos + rotate_half(x)·sin, rotate_half(x) = [-x₂, x₁] on the two halves of the head dim (HF convention). */
function rotate(g: GraphWriter, x: string, s: Shared): string {
  const [first, second] = g.add("Split", [x, s.half], [intAttr("axis", -1)], 2) as [string, string];
  const rotated = g.op("Concat", [g.op("Neg", [second]), first], [intAttr("axis", -1)]);
  return g.op("Add", [g.op("Mul", [x, s.cos]), g.op("Mul", [rotated, s.sin])]);
}

/** [tokens, n·d] → [batch, n, seq, d], with the per-head q/k norm of Qwen3 before the transpose. */
function toHeads(g: GraphWriter, x: string, shape: string, norm: string | null, eps: string): string {
  const split = g.op("Reshape", [x, shape]);
  const normed = norm ? rmsNorm(g, split, norm, eps) : split;
  return g.op("Transpose", [normed], [intsAttr("perm", [0, 2, 1, 3])]);
}

function attention(g: GraphWriter, config: DecoderConfig, x: string, prefix: string, s: Shared): string {
  const p = `${prefix}.self_attn`;
  const norm = (which: string) => (config.qkNorm ? `${p}.${which}_norm.weight` : null);
  const q = rotate(g, toHeads(g, linear(g, x, `${p}.q_proj`, config.qkvBias), s.dims.heads, norm("q"), s.eps), s);
  let k = rotate(g, toHeads(g, linear(g, x, `${p}.k_proj`, config.qkvBias), s.dims.kvHeads, norm("k"), s.eps), s);
  let v = toHeads(g, linear(g, x, `${p}.v_proj`, config.qkvBias), s.dims.kvHeads, null, s.eps);
  if (config.numHeads !== config.numKvHeads) {
    // Grouped-query attention: each key/value head serves numHeads / numKvHeads query heads (repeat_kv).
    const repeat = (t: string) =>
      g.op("Reshape", [g.op("Expand", [g.op("Unsqueeze", [t, g.ints([2])]), s.dims.repeated]), s.dims.grouped]);
    k = repeat(k);
    v = repeat(v);
  }
  const scores = g.op("Mul", [g.op("MatMul", [q, g.op("Transpose", [k], [intsAttr("perm", [0, 1, 3, 2])])]), s.scale]);
  const weights = g.op("Softmax", [g.op("Where", [s.allowed, scores, s.masked])], [intAttr("axis", -1)]);
  const context = g.op("Transpose", [g.op("MatMul", [weights, v])], [intsAttr("perm", [0, 2, 1, 3])]);
  return linear(g, g.op("Reshape", [context, s.dims.tokens]), `${p}.o_proj`, config.oBias);
}

function mlp(g: GraphWriter, config: DecoderConfig, x: string, prefix: string): string {
  const gate = linear(g, x, `${prefix}.mlp.gate_proj`, config.mlpBias);
  const up = linear(g, x, `${prefix}.mlp.up_proj`, config.mlpBias);
  const silu = g.op("Mul", [gate, g.op("Sigmoid", [gate])]);
  return linear(g, g.op("Mul", [silu, up]), `${prefix}.mlp.down_proj`, config.mlpBias);
}

/** Shapes, rotary tables and the causal mask, computed once from input_ids' shape. */
function shared(g: GraphWriter, config: DecoderConfig): Shared {
  const { numHeads, numKvHeads, headDim } = config;
  const shape = g.op("Shape", ["input_ids"]);
  const batch = g.op("Gather", [shape, g.ints([0])], [intAttr("axis", 0)]);
  const seq = g.op("Gather", [shape, g.ints([1])], [intAttr("axis", 0)]);
  const position = g.op("Range", [g.ints([0], []), g.op("Squeeze", [seq, g.ints([0])]), g.ints([1], [])]);
  // Angles in float32 as transformers' rotary embedding computes them (inv_freq ⊗ positions).
  const angles = g.op("Mul", [
    g.op("Unsqueeze", [g.op("Cast", [position], [intAttr("to", DataType.FLOAT)]), g.ints([1])]),
    g.floats(ropeInverseFrequencies(config)),
  ]);
  const both = g.op("Concat", [angles, angles], [intAttr("axis", -1)]);
  const row = g.op("Unsqueeze", [position, g.ints([1])]);
  const column = g.op("Unsqueeze", [position, g.ints([0])]);
  let allowed = g.op("LessOrEqual", [column, row]);
  if (config.slidingWindow !== null) {
    allowed = g.op("And", [allowed, g.op("Less", [g.op("Sub", [row, column]), g.ints([config.slidingWindow], [])])]);
  }
  const heads = (n: number) => g.concat([batch, seq, g.ints([n]), g.ints([headDim])]);
  return {
    eps: g.floats([config.rmsNormEps], []),
    cos: g.op("Cos", [both]),
    sin: g.op("Sin", [both]),
    allowed,
    masked: g.floats([MASKED], []),
    scale: g.floats([1 / Math.sqrt(headDim)], []),
    half: g.ints([headDim / 2, headDim / 2]),
    dims: {
      heads: heads(numHeads),
      kvHeads: heads(numKvHeads),
      repeated: g.concat([batch, g.ints([numKvHeads, numHeads / numKvHeads]), seq, g.ints([headDim])]),
      grouped: g.concat([batch, g.ints([numHeads]), seq, g.ints([headDim])]),
      tokens: g.ints([-1, numHeads * headDim]),
    },
  };
}

/**
 * An ONNX graph of a qwen2/qwen3/llama/mistral decoder (transformers' modeling_*.py, eager
 * attention) over the checkpoint's own safetensors: input_ids [batch, sequence] → logits
 * [batch, sequence, vocab], computed in float32. Weights stay in the safetensors files as external
 * data (float32 in place; 16-bit ones cast once at load). Checks every needed tensor first.
 */
export function buildDecoderGraph(config: DecoderConfig, tensors: ReadonlyMap<string, StoredTensor>): Uint8Array {
  checkDecoderTensors(decoderTensorSpecs(config), (name) => tensors.get(name));
  const g = new GraphWriter(tensors);
  const s = shared(g, config);
  const embeddings = g.weight("model.embed_tokens.weight");
  const tokens = g.op("Reshape", ["input_ids", g.ints([-1])]);
  let x = g.op("Gather", [embeddings, tokens], [intAttr("axis", 0)]);
  for (let i = 0; i < config.numLayers; i++) {
    const prefix = `model.layers.${i}`;
    x = g.op("Add", [x, attention(g, config, rmsNorm(g, x, `${prefix}.input_layernorm.weight`, s.eps), prefix, s)]);
    x = g.op("Add", [x, mlp(g, config, rmsNorm(g, x, `${prefix}.post_attention_layernorm.weight`, s.eps), prefix)]);
  }
  const head = config.tieWordEmbeddings ? embeddings : g.weight("lm_head.weight");
  const hiddenShape = g.concat([g.op("Shape", ["input_ids"]), g.ints([config.hiddenSize])]);
  const hidden = g.op("Reshape", [rmsNorm(g, x, "model.norm.weight", s.eps), hiddenShape]);
  // The [batch, seq, vocab] logits straight from the product: a Reshape of them into the graph output
  // would copy [S × V]. FusedMatMul reads the [vocab, hidden] weight as stored, as Gemm(transB) does.
  const lmHead = node("FusedMatMul", [hidden, head], ["logits"], [intAttr("transB", 1)]);
  g.nodes.push({ ...lmHead, domain: MICROSOFT });
  const graph = {
    name: `spikewatch-${config.modelType}`,
    node: g.nodes,
    initializer: g.initializers,
    input: [tensorValueInfo("input_ids", DataType.INT64, ["batch", "sequence"])],
    output: [tensorValueInfo("logits", DataType.FLOAT, ["batch", "sequence", config.vocabSize])],
  };
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: "spikewatch",
      opsetImport: [{ version: OPSET }, { domain: MICROSOFT, version: 1 }],
      graph,
    }),
  ).finish();
}
