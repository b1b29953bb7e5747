import { median } from "../stats/descriptive";

/** One training step of one run: assistant-turn counts and the step's task score (null when not logged). */
export type CollapseSample = {
  step: number;
  turns: number;
  healthyToolCall: number;
  fullCollapse: number;
  score: number | null;
};

export type CollapseOptions = {
  /** steps with fewer assistant turns are skipped: too few to judge a rate */
  minTurns: number;
  /** qualifying steps needed before the detector judges at all */
  minSteps: number;
  /** each signal is the median of the last this many qualifying steps (trailing, so the result never depends on later steps) */
  smoothSteps: number;
  /** a run whose smoothed healthy-tool-call rate never reached this cannot collapse (it never had the format) */
  minPeakHealthy: number;
  /** collapsed: smoothed healthy-tool-call rate at or below this fraction of its best so far ... */
  healthyDropFraction: number;
  /** ... and either the smoothed full-collapse rate at or above this ... */
  minFullCollapse: number;
  /** ... or the smoothed score at or below this fraction of its best so far */
  scoreDropFraction: number;
  /** consecutive collapsed qualifying steps that confirm an onset, dated at the first of them */
  confirmSteps: number;
};

export const COLLAPSE_DEFAULTS: CollapseOptions = {
  minTurns: 8,
  minSteps: 10,
  smoothSteps: 3,
  minPeakHealthy: 0.3,
  healthyDropFraction: 0.5,
  minFullCollapse: 0.25,
  scoreDropFraction: 0.5,
  confirmSteps: 5,
};

/** The signals at one step, after smoothing; rates are fractions (0..1) of assistant turns. */
export type CollapseEvidence = {
  healthyToolCallRate: number;
  peakHealthyToolCallRate: number;
  fullCollapseRate: number;
  score: number | null;
  peakScore: number | null;
};

export type CollapseVerdict =
  | { status: "collapsed"; onsetStep: number; confirmedAtStep: number; evidence: CollapseEvidence }
  | { status: "stable"; checkedThroughStep: number; qualifyingSteps: number }
  | { status: "insufficient_data"; qualifyingSteps: number };

/**
 * The step at which a run collapsed, or none. Per qualifying step (at least `minTurns` assistant turns)
 * each signal is the trailing median of the last `smoothSteps` qualifying steps: the healthy-tool-call
 * rate h, the full-collapse rate f and the score s (steps without a score are left out of its median).
 * A step is collapsed when the best h so far reached `minPeakHealthy`, h has fallen to at most
 * `healthyDropFraction` of that best, and the structure or the task broke with it: f is at least
 * `minFullCollapse`, or s is at most `scoreDropFraction` of its best so far. `confirmSteps` collapsed
 * steps in a row confirm a collapse. Its onset is the first of them, moved back over the steps of its
 * smoothing window that met the condition unsmoothed (a median lags a sharp drop by up to
 * `smoothSteps` / 2 steps). Everything at a step depends only on earlier steps, so new data never
 * moves a confirmed onset (the run stays collapsed even if it recovers).
 * Samples must be sorted by step. Units: steps, rates 0..1, score in the run's own units.
 */
export function detectCollapseOnset(
  samples: readonly CollapseSample[],
  options: Partial<CollapseOptions> = {},
): CollapseVerdict {
  const o = { ...COLLAPSE_DEFAULTS, ...options };
  const qualifying = samples.filter((s) => s.turns >= o.minTurns);
  if (qualifying.length < o.minSteps) return { status: "insufficient_data", qualifyingSteps: qualifying.length };

  const recent: CollapseSample[] = [];
  let peakHealthy = 0;
  let peakScore: number | null = null;
  let onsetStep = 0;
  let streak = 0;
  for (const sample of qualifying) {
    push(recent, sample, o.smoothSteps);
    const scores = recent.map((x) => x.score).filter((v): v is number => v !== null && Number.isFinite(v));
    const h = median(recent.map(healthyRate))!;
    const score = median(scores);
    peakHealthy = Math.max(peakHealthy, h);
    if (score !== null) peakScore = Math.max(peakScore ?? score, score);
    const evidence: CollapseEvidence = {
      healthyToolCallRate: h,
      peakHealthyToolCallRate: peakHealthy,
      fullCollapseRate: median(recent.map(collapseRate))!,
      score,
      peakScore,
    };

    if (isCollapsed(evidence, o)) {
      if (streak === 0) onsetStep = firstRawCollapsedStep(recent, evidence, o) ?? sample.step;
      streak++;
      if (streak >= o.confirmSteps) return { status: "collapsed", onsetStep, confirmedAtStep: sample.step, evidence };
    } else {
      streak = 0;
    }
  }
  return { status: "stable", checkedThroughStep: qualifying.at(-1)!.step, qualifyingSteps: qualifying.length };
}

function isCollapsed(e: CollapseEvidence, o: CollapseOptions): boolean {
  if (e.peakHealthyToolCallRate < o.minPeakHealthy) return false;
  if (e.healthyToolCallRate > o.healthyDropFraction * e.peakHealthyToolCallRate) return false;
  const scoreFell =
    e.score !== null && e.peakScore !== null && e.peakScore > 0 && e.score <= o.scoreDropFraction * e.peakScore;
  return e.fullCollapseRate >= o.minFullCollapse || scoreFell;
}

/**
 * The earliest step of the smoothing window from which every step, unsmoothed, meets the collapse
 * condition against the current bests; null when the newest step does not.
 */
function firstRawCollapsedStep(
  window: readonly CollapseSample[],
  current: CollapseEvidence,
  o: CollapseOptions,
): number | null {
  let first: number | null = null;
  for (let i = window.length - 1; i >= 0; i--) {
    const raw = window[i]!;
    const evidence = {
      ...current,
      healthyToolCallRate: healthyRate(raw),
      fullCollapseRate: collapseRate(raw),
      score: raw.score,
    };
    if (!isCollapsed(evidence, o)) break;
    first = raw.step;
  }
  return first;
}

const healthyRate = (s: CollapseSample) => s.healthyToolCall / s.turns;
const collapseRate = (s: CollapseSample) => s.fullCollapse / s.turns;

function push<T>(window: T[], value: T, size: number): void {
  window.push(value);
  if (window.length > size) window.shift();
}
