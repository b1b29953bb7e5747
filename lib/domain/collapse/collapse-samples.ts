import type { CollapseSample } from "./detect-collapse-onset";

/** The StepHealth fields the collapse detector reads, for one split. */
export type CollapseHealthRow = { step: number; turns: number; healthyToolCall: number; fullCollapse: number; rewardSum: number; rewardCount: number };

/**
 * Joins a split's step health with the run's score: the logged score metric where the run logs one
 * (`critic/score/mean`), else the step's mean rollout reward. One source per run, never a mix, so a
 * step that lacks the metric does not jump to a differently scaled reward.
 */
export function collapseSamples(health: readonly CollapseHealthRow[], scoreMetric: readonly { step: number; value: number }[]): CollapseSample[] {
  const metricByStep = new Map(scoreMetric.map((p) => [p.step, p.value]));
  const useMetric = metricByStep.size > 0;
  return [...health]
    .sort((a, b) => a.step - b.step)
    .map((row) => ({
      step: row.step,
      turns: row.turns,
      healthyToolCall: row.healthyToolCall,
      fullCollapse: row.fullCollapse,
      score: useMetric ? (metricByStep.get(row.step) ?? null) : row.rewardCount > 0 ? row.rewardSum / row.rewardCount : null,
    }));
}
