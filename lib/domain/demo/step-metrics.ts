import type { MetricPoint } from "../ingest/schemas";
import type { Rng } from "./prng";
import type { StepProfile } from "./regime-curves";
import type { SimulatedRollout } from "./simulate-rollout";

/** Metric names of domain.md §6 the demo writes (plus the validation reward of the simulated source). */
export const DEMO_METRIC_KEYS = {
  score: "critic/score/mean",
  responseLength: "response_length/mean",
  validActionRatio: "env/ratio_of_valid_action",
  actions: "env/number_of_actions/mean",
  entropy: "actor/entropy",
  gradNorm: "actor/grad_norm",
  pLbrace: "actor/p_lbrace",
  pImEnd: "actor/p_im_end",
  pToolCall: "actor/p_tool_call",
  valScore: "val-core/simulated_tool_use/reward/mean@1",
} as const;

/**
 * One step's metric points. Reward, response length (characters of the assistant turns: the
 * simulator has no tokenizer), actions per rollout and the valid-action ratio (turns the environment
 * could execute: healthy, or a call with a junk tail) are computed from the step's on-policy train
 * rollouts, and the validation reward from its val rollouts. The model-internal quantities (probe
 * probabilities, entropy, gradient norm) come from the regime's latent curves with seeded noise.
 */
export function stepMetrics(
  step: number,
  train: readonly SimulatedRollout[],
  val: readonly SimulatedRollout[],
  profile: StepProfile,
  rng: Rng,
): MetricPoint[] {
  const modes = train.flatMap((r) => r.turnModes);
  const computed: [string, number | undefined][] = [
    [DEMO_METRIC_KEYS.score, mean(train.map((r) => r.reward))],
    [DEMO_METRIC_KEYS.responseLength, mean(train.map(assistantChars))],
    [
      DEMO_METRIC_KEYS.validActionRatio,
      modes.length ? modes.filter((m) => m === "healthy" || m === "junk_tail").length / modes.length : undefined,
    ],
    [DEMO_METRIC_KEYS.actions, mean(train.map((r) => r.turnModes.length))],
    [DEMO_METRIC_KEYS.valScore, mean(val.map((r) => r.reward))],
  ];
  const pImEnd = noisy(profile.pImEnd, 0.15, rng, 0.999);
  // Rounded down to 6 decimals where capped, so the three probe probabilities never sum above 1.
  const pToolCall = floor6(Math.min(noisy(profile.pToolCall, 0.15, rng), 1 - pImEnd));
  const latent: [string, number][] = [
    [DEMO_METRIC_KEYS.entropy, round(profile.entropy * (1 + 0.04 * rng.gauss()))],
    [DEMO_METRIC_KEYS.gradNorm, noisy(profile.gradNorm, 0.12, rng)],
    [
      DEMO_METRIC_KEYS.pLbrace,
      floor6(Math.max(0, Math.min(profile.pLbrace * (1 + 0.005 * rng.gauss()), 1 - pImEnd - pToolCall))),
    ],
    [DEMO_METRIC_KEYS.pImEnd, pImEnd],
    [DEMO_METRIC_KEYS.pToolCall, pToolCall],
  ];
  return [...computed, ...latent]
    .filter((entry): entry is [string, number] => entry[1] !== undefined && Number.isFinite(entry[1]))
    .map(([key, value]) => ({ step, key, value }));
}

/** Characters of a rollout's assistant turns. */
export function assistantChars(rollout: Pick<SimulatedRollout, "messages">): number {
  return rollout.messages.reduce((n, m) => n + (m.role === "assistant" ? m.content.length : 0), 0);
}

function mean(values: readonly number[]): number | undefined {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

/** Multiplicative log-normal noise keeps a probability or a norm positive. */
function noisy(value: number, sigma: number, rng: Rng, cap = Number.POSITIVE_INFINITY): number {
  return round(Math.min(cap, value * Math.exp(sigma * rng.gauss())));
}

function floor6(value: number): number {
  return Math.floor(value * 1e6) / 1e6;
}

function round(value: number): number {
  return Number(value.toPrecision(5));
}
