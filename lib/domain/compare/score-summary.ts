/** Score points averaged per trailing window before best/final/drawdown: one step's score is a handful of rollouts. */
export const SCORE_SMOOTH_STEPS = 5;

export type ScoreSummary = { bestScore: number | null; finalScore: number | null; maxDrawdown: number | null };

type Point = { step: number; value: number };

/**
 * Each point replaced by the mean of the last `window` points up to it (fewer at the start), summed
 * afresh per window rather than as a running sum, so a flat zero stays exactly zero. Points must be
 * sorted by step; non-finite values are dropped.
 */
export function trailingMean(points: readonly Point[], window = SCORE_SMOOTH_STEPS): Point[] {
  const finite = points.filter((p) => Number.isFinite(p.value));
  return finite.map((p, i) => {
    const slice = finite.slice(Math.max(0, i - window + 1), i + 1);
    return { step: p.step, value: slice.reduce((sum, x) => sum + x.value, 0) / slice.length };
  });
}

/**
 * Best and final score and the largest drawdown (largest fall from a running best to a later value)
 * of a score series, each on its trailing mean over `smoothSteps` points. Units are the score's own.
 */
export function summarizeScore(points: readonly Point[], smoothSteps = SCORE_SMOOTH_STEPS): ScoreSummary {
  const smoothed = trailingMean(points, smoothSteps);
  if (smoothed.length === 0) return { bestScore: null, finalScore: null, maxDrawdown: null };
  let best = Number.NEGATIVE_INFINITY;
  let drawdown = 0;
  for (const { value } of smoothed) {
    best = Math.max(best, value);
    drawdown = Math.max(drawdown, best - value);
  }
  return { bestScore: best, finalScore: smoothed.at(-1)!.value, maxDrawdown: drawdown };
}
