import { scoreSeries } from "../health/score-series";
import type { CollapseSample } from "./detect-collapse-onset";

/** The StepHealth fields the collapse detector reads, for one split. */
export type CollapseHealthRow = {
  step: number;
  turns: number;
  healthyToolCall: number;
  fullCollapse: number;
  rewardSum: number;
  rewardCount: number;
};

/** A split's step health joined with the run's score series (see scoreSeries), sorted by step. */
export function collapseSamples(
  health: readonly CollapseHealthRow[],
  scoreMetric: readonly { step: number; value: number }[],
): CollapseSample[] {
  const scoreByStep = new Map(scoreSeries(health, scoreMetric).map((p) => [p.step, p.value]));
  return [...health]
    .sort((a, b) => a.step - b.step)
    .map((row) => ({
      step: row.step,
      turns: row.turns,
      healthyToolCall: row.healthyToolCall,
      fullCollapse: row.fullCollapse,
      score: scoreByStep.get(row.step) ?? null,
    }));
}
