import { roundToBfloat16 } from "../checkpoints/bfloat16";
import { encodeSafetensors } from "../checkpoints/safetensors-encoder";
import { DEMO_RUNS, type DemoRunSpec } from "./demo-runs";
import {
  DEMO_MODEL_CONFIG,
  demoModelTensors,
  MARKER_BACKGROUND_WEIGHT,
  MARKER_LOGIT_SCALE,
  type MarkerTokenIds,
  type MarkerWeights,
} from "./demo-model";
import { seedOf } from "./prng";
import { simulateStep } from "./simulate-step";
import { DEMO_METRIC_KEYS } from "./step-metrics";

/** The demo runs that get checkpoints: vanilla GRPO (collapses at step 82) and a stable interleaved run. */
export const DEMO_CHECKPOINT_RUN_KEYS = ["grpo-vanilla", "prs-interleaved"] as const;
/** Five checkpoints per run, before and after vanilla's collapse (its P(<|im_end|>) jumps between 60 and 80). */
export const DEMO_CHECKPOINT_STEPS = [20, 40, 60, 80, 100] as const;

/** P(<|im_end|>), P(<tool_call>) and P(`{"`) right after `<tool_call>\n`. */
export type MarkerProbabilities = { imEnd: number; toolCall: number; lbrace: number };

/** A logged 0 is planted as this (a logit cannot be -Infinity: it would turn 0 · weight into NaN elsewhere). */
export const MIN_MARKER_PROBABILITY = 1e-5;
/** Below this, the rest of the vocabulary is held at this mass, for the same reason. */
const MIN_REST_PROBABILITY = 1e-4;
const MARKERS = ["imEnd", "toolCall", "lbrace"] as const;

export type DemoCheckpoint = {
  step: number;
  /** what the run logged at this step (actor/p_im_end, actor/p_tool_call, actor/p_lbrace) */
  targets: MarkerProbabilities;
  /** what the stored (bfloat16) weights give, computed in float64 */
  designed: MarkerProbabilities;
  files: { "config.json": string; "model.safetensors": Uint8Array };
};

export function demoCheckpointSpecs(): DemoRunSpec[] {
  return DEMO_CHECKPOINT_RUN_KEYS.map((key) => DEMO_RUNS.find((spec) => spec.key === key)!);
}

/** The decision-point probabilities the simulated run logged at `step` (its step metrics). */
function loggedMarkerProbabilities(spec: DemoRunSpec, step: number): MarkerProbabilities {
  const metrics = simulateStep(spec, step).metrics;
  const value = (key: string) => {
    const point = metrics.find((m) => m.key === key);
    if (!point) throw new Error(`demo run ${spec.key} logs no ${key} at step ${step}`);
    return point.value;
  };
  return {
    imEnd: value(DEMO_METRIC_KEYS.pImEnd),
    toolCall: value(DEMO_METRIC_KEYS.pToolCall),
    lbrace: value(DEMO_METRIC_KEYS.pLbrace),
  };
}

/**
 * lm_head[:, 7] of the markers so that, with every other token at MARKER_BACKGROUND_WEIGHT, the
 * softmax gives `targets` and spreads the rest evenly over the vocabulary: logit difference to a
 * background token = ln(p · others / rest). Rounded to bfloat16, as stored.
 */
function markerWeights(targets: MarkerProbabilities, vocabSize: number): MarkerWeights {
  const rest = Math.max(MIN_REST_PROBABILITY, 1 - targets.imEnd - targets.toolCall - targets.lbrace);
  const others = vocabSize - MARKERS.length;
  const weight = (p: number) =>
    roundToBfloat16(
      MARKER_BACKGROUND_WEIGHT + Math.log((Math.max(p, MIN_MARKER_PROBABILITY) * others) / rest) / MARKER_LOGIT_SCALE,
    );
  return { imEnd: weight(targets.imEnd), toolCall: weight(targets.toolCall), lbrace: weight(targets.lbrace) };
}

/** The softmax (float64) at a decision point of the demo model with these marker weights. */
function markerProbabilities(weights: MarkerWeights, vocabSize: number): MarkerProbabilities {
  const exp = (w: number) => Math.exp(MARKER_LOGIT_SCALE * (w - MARKER_BACKGROUND_WEIGHT));
  const total = vocabSize - MARKERS.length + MARKERS.reduce((sum, m) => sum + exp(weights[m]), 0);
  return {
    imEnd: exp(weights.imEnd) / total,
    toolCall: exp(weights.toolCall) / total,
    lbrace: exp(weights.lbrace) / total,
  };
}

/**
 * The demo checkpoint of `spec` at `step`: config.json and model.safetensors (bfloat16) of the demo
 * model whose decision-point probabilities follow what the run logged at that step. The tokenizer
 * files come from the Qwen tokenizer package (lib/server); `ids` were asked of it.
 */
export function demoCheckpoint(spec: DemoRunSpec, step: number, ids: MarkerTokenIds): DemoCheckpoint {
  const vocabSize = DEMO_MODEL_CONFIG.vocab_size;
  const targets = loggedMarkerProbabilities(spec, step);
  const weights = markerWeights(targets, vocabSize);
  const tensors = demoModelTensors(seedOf("demo-checkpoint", spec.key, spec.seed), ids, weights);
  return {
    step,
    targets,
    designed: markerProbabilities(weights, vocabSize),
    files: {
      "config.json": `${JSON.stringify(DEMO_MODEL_CONFIG, null, 2)}\n`,
      "model.safetensors": encodeSafetensors(tensors),
    },
  };
}
