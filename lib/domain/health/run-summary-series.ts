import { downsampleMinMax, type SeriesPoint } from "../series/downsample-min-max";

/** The per-(step, split) counters a run summary needs from stored step health. */
export type StepCounts = {
  step: number;
  split: string;
  turns: number;
  healthyToolCall: number;
  rewardSum: number;
  rewardCount: number;
};

/**
 * Healthy tool calls as a fraction of assistant turns (0..1), per step of one split, in step order,
 * min/max-downsampled to at most `maxPoints` so a single collapsed step stays in the series.
 * Steps without assistant turns have no rate and are left out rather than drawn as 0.
 */
export function healthyToolCallRate(rows: readonly StepCounts[], split: string, maxPoints: number): SeriesPoint[] {
  const points = rows
    .filter((row) => row.split === split && row.turns > 0)
    .map((row) => ({ step: row.step, value: row.healthyToolCall / row.turns }));
  return downsampleMinMax(points, maxPoints);
}

/** Mean reward over every split of the last step where any rollout reported one; null when none did. */
export function latestMeanReward(rows: readonly StepCounts[]): { step: number; value: number } | null {
  let step = -1;
  for (const row of rows) if (row.rewardCount > 0 && row.step > step) step = row.step;
  if (step < 0) return null;
  let sum = 0;
  let count = 0;
  for (const row of rows) {
    if (row.step !== step) continue;
    sum += row.rewardSum;
    count += row.rewardCount;
  }
  return { step, value: sum / count };
}
