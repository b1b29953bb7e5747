/** Score points averaged per trailing window before best/final/drawdown: one step's score is a handful of rollouts. */
export const SCORE_SMOOTH_STEPS = 5;

export type ScoreSummary = { bestScore: number | null; finalScore: number | null; maxDrawdown: number | null };

/**
 * Best and final score and the largest drawdown (largest fall from a running best to a later value)
 * of a score series, each on its trailing mean over `smoothSteps` points (fewer at the start). Units
 * are the score's own. Points must be sorted by step; non-finite values are skipped.
 */
export function summarizeScore(points: readonly { step: number; value: number }[], smoothSteps = SCORE_SMOOTH_STEPS): ScoreSummary {
  const values = points.map((p) => p.value).filter(Number.isFinite);
  if (values.length === 0) return { bestScore: null, finalScore: null, maxDrawdown: null };
  let best = Number.NEGATIVE_INFINITY;
  let drawdown = 0;
  let sum = 0;
  let smoothed = 0;
  values.forEach((value, i) => {
    sum += value - (i >= smoothSteps ? values[i - smoothSteps]! : 0);
    smoothed = sum / Math.min(i + 1, smoothSteps);
    best = Math.max(best, smoothed);
    drawdown = Math.max(drawdown, best - smoothed);
  });
  return { bestScore: best, finalScore: smoothed, maxDrawdown: drawdown };
}
