import { median } from "../stats/descriptive";

/**
 * The decision-point probe as trainers log it every step (domain.md §3): the probability of a control
 * token right after `<tool_call>\n`, by metric key. A jump in either is what precedes a collapse.
 */
export const LOGGED_PROBE_KEYS = { "actor/p_im_end": "<|im_end|>", "actor/p_tool_call": "<tool_call>" } as const;

export type ProbeSpikeOptions = {
  /** earlier logged steps whose median is the baseline (a spike needs this many before it) */
  window: number;
  /** a spike must reach at least this probability */
  minProbability: number;
  /** ... and at least this many times the baseline */
  minFoldChange: number;
  /** baselines below this count as this, so 1e-6 → 1e-4 is not a spike */
  probabilityFloor: number;
};

/*
 * A logged series moves a little every step, so its baseline is the median of the last `window` steps
 * (robust to single noisy steps) rather than the checkpoint detector's maximum of a few checkpoints, and
 * the fold change is lower (5 vs 10): a collapse's probability rises over several steps, not between two.
 */
export const PROBE_SPIKE_DEFAULTS: ProbeSpikeOptions = {
  window: 10,
  minProbability: 0.05,
  minFoldChange: 5,
  probabilityFloor: 1e-3,
};

export type ProbeSpike = { step: number; p: number; baseline: number; foldChange: number };

/**
 * The first step at which a logged control-token probability spikes: p at least `minProbability` and
 * at least `minFoldChange` times the median of the previous `window` logged values (floored at
 * `probabilityFloor`). Points must be sorted by step; non-finite values are skipped. Null when none.
 */
export function firstProbeSpike(
  points: readonly { step: number; value: number }[],
  options: Partial<ProbeSpikeOptions> = {},
): ProbeSpike | null {
  const o = { ...PROBE_SPIKE_DEFAULTS, ...options };
  const finite = points.filter((p) => Number.isFinite(p.value));
  for (let i = o.window; i < finite.length; i++) {
    const { step, value: p } = finite[i]!;
    if (p < o.minProbability) continue;
    const baseline = median(finite.slice(i - o.window, i).map((x) => x.value))!;
    const foldChange = p / Math.max(baseline, o.probabilityFloor);
    if (foldChange >= o.minFoldChange) return { step, p, baseline, foldChange };
  }
  return null;
}
