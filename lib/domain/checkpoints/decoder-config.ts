// A Hugging Face config.json for the decoder-only families the worker builds itself, read the way
// transformers reads it (configuration_qwen2/qwen3/llama/mistral.py, modeling_rope_utils.py), in
// both layouts: transformers 4 (`rope_theta`, `rope_scaling`, `torch_dtype` at the top level) and
// transformers 5 (`rope_parameters: {rope_type, rope_theta, ...}`, `dtype`).

export const SUPPORTED_MODEL_TYPES = ["qwen2", "qwen3", "llama", "mistral"] as const;
export type ModelType = (typeof SUPPORTED_MODEL_TYPES)[number];

export const SUPPORTED_ROPE_TYPES = ["default", "linear", "llama3"] as const;

export type RopeScaling =
  | { type: "default" }
  | { type: "linear"; factor: number }
  | { type: "llama3"; factor: number; lowFreqFactor: number; highFreqFactor: number; originalMaxPositions: number };

export type DecoderConfig = {
  modelType: ModelType;
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  rmsNormEps: number;
  ropeTheta: number;
  rope: RopeScaling;
  tieWordEmbeddings: boolean;
  /** q, k and v projections carry a bias (always in Qwen2; `attention_bias` elsewhere) */
  qkvBias: boolean;
  /** o_proj carries a bias (`attention_bias` in Llama and Qwen3) */
  oBias: boolean;
  /** gate, up and down projections carry a bias (Llama's `mlp_bias`) */
  mlpBias: boolean;
  /** per-head RMSNorm of queries and keys before the rotation (Qwen3) */
  qkNorm: boolean;
  /** attention looks back at most this many tokens (Mistral's `sliding_window`); null: no limit */
  slidingWindow: number | null;
  /** the dtype the config declares (`torch_dtype` or `dtype`); the weights' own dtypes are what count */
  declaredDtype: string | null;
};

type Json = Record<string, unknown>;

function fail(why: string): never {
  throw new Error(`config.json: ${why}`);
}

function positiveInt(config: Json, key: string, fallback?: number): number {
  const value = config[key] ?? fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0)
    fail(`${key} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

function positiveNumber(config: Json, key: string, fallback?: number, where = ""): number {
  const value = config[key] ?? fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    fail(`${where}${key} must be a positive number, got ${JSON.stringify(value)}`);
  return value;
}

function flag(config: Json, key: string, fallback: boolean): boolean {
  const value = config[key] ?? fallback;
  if (typeof value !== "boolean") fail(`${key} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function asObject(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

/** transformers 5 keeps theta and scaling in `rope_parameters`; 4 keeps `rope_theta` and `rope_scaling`. */
function readRope(config: Json): { ropeTheta: number; rope: RopeScaling } {
  const parameters = asObject(config.rope_parameters);
  const scaling = parameters ?? asObject(config.rope_scaling) ?? {};
  const where = parameters ? "rope_parameters." : "rope_scaling.";
  const ropeTheta = positiveNumber(
    parameters && "rope_theta" in parameters ? parameters : config,
    "rope_theta",
    10_000,
  );
  const type = scaling.rope_type ?? scaling.type ?? "default";
  switch (type) {
    case "default":
      return { ropeTheta, rope: { type: "default" } };
    case "linear":
      return { ropeTheta, rope: { type: "linear", factor: positiveNumber(scaling, "factor", undefined, where) } };
    case "llama3":
      return {
        ropeTheta,
        rope: {
          type: "llama3",
          factor: positiveNumber(scaling, "factor", undefined, where),
          lowFreqFactor: positiveNumber(scaling, "low_freq_factor", undefined, where),
          highFreqFactor: positiveNumber(scaling, "high_freq_factor", undefined, where),
          originalMaxPositions: positiveNumber(scaling, "original_max_position_embeddings", undefined, where),
        },
      };
    default:
      return fail(`rope type ${JSON.stringify(type)} is not supported; supported: ${SUPPORTED_ROPE_TYPES.join(", ")}`);
  }
}

function readSlidingWindow(config: Json, modelType: ModelType): number | null {
  // MistralConfig defaults to a 4,096-token window; null turns it off.
  if (modelType === "mistral")
    return config.sliding_window === null ? null : positiveInt(config, "sliding_window", 4096);
  // Qwen's sliding window applies from layer max_window_layers on; checkpoints ship with it off.
  if (config.use_sliding_window === true)
    fail("use_sliding_window: true is not supported (Qwen's layer-dependent sliding window)");
  return null;
}

/**
 * Reads config.json of a qwen2, qwen3, llama or mistral checkpoint. Fails with the field and what was
 * expected; an unknown model_type or architecture names the supported ones.
 */
export function parseDecoderConfig(json: unknown): DecoderConfig {
  const config = asObject(json) ?? fail("not a JSON object");
  const modelType = config.model_type;
  if (!SUPPORTED_MODEL_TYPES.includes(modelType as ModelType)) {
    fail(`model_type ${JSON.stringify(modelType)} is not supported; supported: ${SUPPORTED_MODEL_TYPES.join(", ")}`);
  }
  const type = modelType as ModelType;
  const architectures = Array.isArray(config.architectures) ? config.architectures : [];
  const unsupported = architectures.filter((a) => typeof a !== "string" || !a.endsWith("ForCausalLM"));
  if (unsupported.length > 0)
    fail(
      `architectures ${JSON.stringify(unsupported)} are not supported; ` +
        `supported: *ForCausalLM of ${SUPPORTED_MODEL_TYPES.join(", ")}`,
    );
  const activation = config.hidden_act ?? "silu";
  if (activation !== "silu") fail(`hidden_act ${JSON.stringify(activation)} is not supported; supported: silu`);

  const hiddenSize = positiveInt(config, "hidden_size");
  const numHeads = positiveInt(config, "num_attention_heads");
  const numKvHeads = positiveInt(config, "num_key_value_heads", numHeads);
  if (numHeads % numKvHeads !== 0)
    fail(`num_attention_heads ${numHeads} is not a multiple of num_key_value_heads ${numKvHeads}`);
  const headDim = config.head_dim == null ? hiddenSize / numHeads : positiveInt(config, "head_dim");
  if (!Number.isInteger(headDim) || headDim % 2 !== 0)
    fail(`head dim ${headDim} (head_dim or hidden_size / num_attention_heads) must be an even integer`);
  const attentionBias = flag(config, "attention_bias", false);
  const declaredDtype = config.dtype ?? config.torch_dtype ?? null;
  return {
    modelType: type,
    vocabSize: positiveInt(config, "vocab_size"),
    hiddenSize,
    intermediateSize: positiveInt(config, "intermediate_size"),
    numLayers: positiveInt(config, "num_hidden_layers"),
    numHeads,
    numKvHeads,
    headDim,
    rmsNormEps: positiveNumber(config, "rms_norm_eps", 1e-6),
    ...readRope(config),
    tieWordEmbeddings: flag(config, "tie_word_embeddings", false),
    qkvBias: type === "qwen2" || (type !== "mistral" && attentionBias),
    oBias: (type === "llama" || type === "qwen3") && attentionBias,
    mlpBias: type === "llama" && flag(config, "mlp_bias", false),
    qkNorm: type === "qwen3",
    slidingWindow: readSlidingWindow(config, type),
    declaredDtype: typeof declaredDtype === "string" ? declaredDtype : null,
  };
}
