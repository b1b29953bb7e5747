import { encodeBfloat16 } from "../checkpoints/bfloat16";
import { parseDecoderConfig } from "../checkpoints/decoder-config";
import { decoderTensorSpecs } from "../checkpoints/decoder-tensors";
import type { TensorToEncode } from "../checkpoints/safetensors-encoder";
import { createRng, type Rng } from "./prng";

/*
 * A tiny Qwen2 decoder (hidden size 8, 2 layers, the real 151,936-token vocabulary) whose weights are
 * random except for one hand-set path, the "marker path", so that after `<tool_call>\n` it predicts
 * `<|im_end|>`, `<tool_call>` and `{"` with chosen probabilities. Residual channels:
 * 0-3 content (random), 4 "this token is <tool_call>", 5 "this token is \n", 6 "the token before
 * was <tool_call>" (written by head 0 of layer 0), 7 the marker (written by layer 0's MLP neuron 0).
 * - Head 0 of layer 0 has one query for every position (its bias) and keys only on `<tool_call>`;
 *   its rotary phases make the score high at distance 1 and low at every other distance up to 2,048
 *   (the fast pair peaks at distance 1; the slow pair falls with distance, ruling out far tags that
 *   the fast pair's period brings back). Values: +1 from the tag, -1 (the bias) from any other token.
 * - MLP neuron 0 of layer 0 is silu(32 · channel 6) · 8 · channel 5: an AND of the two, near zero
 *   unless both hold, and ~700,000 on channel 7 when they do, so the final RMSNorm leaves channel 7
 *   alone at sqrt(8) and the logits there are sqrt(8) · lm_head[:, 7].
 * - lm_head[:, 7] is MARKER_BACKGROUND_WEIGHT for every token but the three markers, whose weights
 *   set their probabilities (demo-checkpoints.ts). Channels 4-6 never reach the logits.
 */

const DEMO_MODEL_HIDDEN_SIZE = 8;
const HEAD_DIM = 4;
const INTERMEDIATE_SIZE = 8;
const CONTENT = [0, 1, 2, 3];
const TAG = 4;
const NEWLINE = 5;
const PREVIOUS_TAG = 6;
const MARKER = 7;

/** lm_head[v][7] of every token but the markers. */
export const MARKER_BACKGROUND_WEIGHT = -4;
/** A lone channel x through RMSNorm (weight 1) becomes sqrt(hidden size) · sign(x). */
export const MARKER_LOGIT_SCALE = Math.sqrt(DEMO_MODEL_HIDDEN_SIZE);

// Head 0's rotary design (pairs: dims 0/2 turn 1 rad per token, dims 1/3 1e-3 rad per token at
// rope_theta 1e6): score(d) = (A cos(d - 1) + C cos(0.001 d + PSI)) / 2, A = QUERY * FAST_KEY, C = QUERY * SLOW_KEY.
const QUERY = 64;
const FAST_KEY = 62.5;
const SLOW_KEY = 187.5;
const PSI = 1.9;

/** The ids the marker path reads and writes, asked of the tokenizer that ships with the checkpoint. */
export type MarkerTokenIds = { imEnd: number; toolCall: number; lbrace: number; newline: number };
/** lm_head[:, 7] of the three marker tokens. */
export type MarkerWeights = { imEnd: number; toolCall: number; lbrace: number };

export const DEMO_MODEL_CONFIG = {
  architectures: ["Qwen2ForCausalLM"],
  model_type: "qwen2",
  vocab_size: 151_936,
  hidden_size: DEMO_MODEL_HIDDEN_SIZE,
  intermediate_size: INTERMEDIATE_SIZE,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  num_key_value_heads: 2,
  max_position_embeddings: 32_768,
  rms_norm_eps: 1e-6,
  rope_theta: 1_000_000,
  rope_scaling: null,
  tie_word_embeddings: false,
  torch_dtype: "bfloat16",
  hidden_act: "silu",
  use_sliding_window: false,
  bos_token_id: 151_643,
  eos_token_id: 151_645,
  spikewatch_demo:
    "a tiny model made by Spikewatch's demo (random weights plus a planted control-token path), not a trained model",
};

type Matrix = { rows: number; cols: number; values: Float32Array };

function matrix(rows: number, cols: number): Matrix {
  return { rows, cols, values: new Float32Array(rows * cols) };
}

function set(m: Matrix, row: number, col: number, value: number): void {
  m.values[row * m.cols + col] = value;
}

/** Random entries in [-scale, scale) at rows × cols (content channels in, content channels out). */
function randomBlock(m: Matrix, rng: Rng, rows: readonly number[], cols: readonly number[], scale: number): Matrix {
  for (const r of rows) for (const c of cols) set(m, r, c, (rng.next() * 2 - 1) * scale);
  return m;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const HEAD1 = range(HEAD_DIM, 2 * HEAD_DIM);
const ALL_HEADS = range(0, 2 * HEAD_DIM);

function ones(n: number): Matrix {
  return { rows: n, cols: 1, values: new Float32Array(n).fill(1) };
}

function embedding(rng: Rng, vocab: number, ids: MarkerTokenIds): Matrix {
  const m = randomBlock(matrix(vocab, DEMO_MODEL_HIDDEN_SIZE), rng, range(0, vocab), CONTENT, 1);
  for (const [id, channel] of [
    [ids.toolCall, TAG],
    [ids.newline, NEWLINE],
  ] as const) {
    for (const c of CONTENT) set(m, id, c, 0);
    set(m, id, channel, 1);
  }
  return m;
}

/** Layer 0: head 0 and MLP neuron 0 are the marker path; head 1 and neurons 1-7 random on content. */
function markerLayer(rng: Rng): Record<string, Matrix> {
  const h = DEMO_MODEL_HIDDEN_SIZE;
  // RMSNorm turns the lone tag channel into sqrt(8) (weight 1); the keys are set per unit of that.
  const perTag = 1 / MARKER_LOGIT_SCALE;
  const k = matrix(h, h);
  const slowPhase = -PSI;
  [
    FAST_KEY * Math.cos(1),
    SLOW_KEY * Math.cos(slowPhase),
    FAST_KEY * Math.sin(1),
    SLOW_KEY * Math.sin(slowPhase),
  ].forEach((value, row) => set(k, row, TAG, value * perTag));
  const qBias = matrix(h, 1);
  set(qBias, 0, 0, QUERY);
  set(qBias, 1, 0, QUERY);
  const v = matrix(h, h);
  set(v, 0, TAG, 2 * perTag);
  const vBias = matrix(h, 1);
  set(vBias, 0, 0, -1);
  const o = randomBlock(matrix(h, h), rng, CONTENT, HEAD1, 0.5);
  set(o, PREVIOUS_TAG, 0, 1);
  const gate = randomBlock(matrix(INTERMEDIATE_SIZE, h), rng, range(1, INTERMEDIATE_SIZE), CONTENT, 1);
  set(gate, 0, PREVIOUS_TAG, 32);
  const up = randomBlock(matrix(INTERMEDIATE_SIZE, h), rng, range(1, INTERMEDIATE_SIZE), CONTENT, 1);
  set(up, 0, NEWLINE, 8);
  const down = randomBlock(matrix(h, INTERMEDIATE_SIZE), rng, CONTENT, range(1, INTERMEDIATE_SIZE), 0.5);
  set(down, MARKER, 0, 2048);
  return {
    "self_attn.q_proj.weight": randomBlock(matrix(h, h), rng, HEAD1, CONTENT, 0.5),
    "self_attn.q_proj.bias": qBias,
    "self_attn.k_proj.weight": randomBlock(k, rng, HEAD1, CONTENT, 0.5),
    "self_attn.k_proj.bias": matrix(h, 1),
    "self_attn.v_proj.weight": randomBlock(v, rng, HEAD1, CONTENT, 0.5),
    "self_attn.v_proj.bias": vBias,
    "self_attn.o_proj.weight": o,
    "mlp.gate_proj.weight": gate,
    "mlp.up_proj.weight": up,
    "mlp.down_proj.weight": down,
  };
}

/** Layer 1: random, reading and writing only the content channels. */
function contentLayer(rng: Rng): Record<string, Matrix> {
  const h = DEMO_MODEL_HIDDEN_SIZE;
  const projection = () => randomBlock(matrix(h, h), rng, ALL_HEADS, CONTENT, 0.5);
  const bias = () => randomBlock(matrix(h, 1), rng, ALL_HEADS, [0], 0.1);
  const mlpIn = () => randomBlock(matrix(INTERMEDIATE_SIZE, h), rng, range(0, INTERMEDIATE_SIZE), CONTENT, 1);
  return {
    "self_attn.q_proj.weight": projection(),
    "self_attn.q_proj.bias": bias(),
    "self_attn.k_proj.weight": projection(),
    "self_attn.k_proj.bias": bias(),
    "self_attn.v_proj.weight": projection(),
    "self_attn.v_proj.bias": bias(),
    "self_attn.o_proj.weight": randomBlock(matrix(h, h), rng, CONTENT, ALL_HEADS, 0.5),
    "mlp.gate_proj.weight": mlpIn(),
    "mlp.up_proj.weight": mlpIn(),
    "mlp.down_proj.weight": randomBlock(matrix(h, INTERMEDIATE_SIZE), rng, CONTENT, range(0, INTERMEDIATE_SIZE), 0.5),
  };
}

function lmHead(rng: Rng, vocab: number, ids: MarkerTokenIds, markers: MarkerWeights): Matrix {
  const m = randomBlock(matrix(vocab, DEMO_MODEL_HIDDEN_SIZE), rng, range(0, vocab), CONTENT, 1);
  for (let v = 0; v < vocab; v++) set(m, v, MARKER, MARKER_BACKGROUND_WEIGHT);
  set(m, ids.imEnd, MARKER, markers.imEnd);
  set(m, ids.toolCall, MARKER, markers.toolCall);
  set(m, ids.lbrace, MARKER, markers.lbrace);
  return m;
}

/**
 * Every tensor of the demo model in transformers' names, order and shapes, as bfloat16. `seed` draws
 * the random weights (the same seed gives the same model on every platform); `markers` are the only
 * weights that differ between the checkpoints of one run.
 */
export function demoModelTensors(seed: number, ids: MarkerTokenIds, markers: MarkerWeights): TensorToEncode[] {
  const rng = createRng(seed);
  const vocab = DEMO_MODEL_CONFIG.vocab_size;
  const byName = new Map<string, Matrix>([["model.embed_tokens.weight", embedding(rng, vocab, ids)]]);
  [markerLayer(rng), contentLayer(rng)].forEach((layer, i) => {
    for (const [name, m] of Object.entries(layer)) byName.set(`model.layers.${i}.${name}`, m);
  });
  byName.set("lm_head.weight", lmHead(rng, vocab, ids, markers));
  return decoderTensorSpecs(parseDecoderConfig(DEMO_MODEL_CONFIG)).map((spec) => ({
    name: spec.name,
    dtype: "BF16",
    shape: spec.shape,
    data: encodeBfloat16(tensorNamed(byName, spec.name, spec.shape).values),
  }));
}

// Norm weights are all 1: the marker path relies on RMSNorm leaving a lone channel at sqrt(8).
function tensorNamed(byName: ReadonlyMap<string, Matrix>, name: string, shape: readonly number[]): Matrix {
  const found = byName.get(name) ?? (name.endsWith("norm.weight") ? ones(shape[0]!) : undefined);
  if (!found || found.values.length !== shape.reduce((n, d) => n * d, 1))
    throw new Error(`demo model: no tensor ${name} of shape [${shape.join(", ")}]`);
  return found;
}
