/** The StepHealth reward counters of one step of one split. */
export type RewardRow = { step: number; rewardSum: number; rewardCount: number };

/**
 * A run's task score per step: the logged score metric where the run logs one (`critic/score/mean`),
 * else the step's mean rollout reward. One source per run, never a mix, so a step that lacks the
 * metric does not jump to a differently scaled reward. Sorted by step.
 */
export function scoreSeries(
  rewards: readonly RewardRow[],
  scoreMetric: readonly { step: number; value: number }[],
): { step: number; value: number }[] {
  const points =
    scoreMetric.length > 0
      ? scoreMetric.map((p) => ({ step: p.step, value: p.value }))
      : rewards.filter((r) => r.rewardCount > 0).map((r) => ({ step: r.step, value: r.rewardSum / r.rewardCount }));
  return points.sort((a, b) => a.step - b.step);
}
