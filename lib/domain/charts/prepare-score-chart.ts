import type { StepHealthPoint } from "../events/types";
import type { SeriesPoint } from "../series/series-summary";
import { nonFiniteMarks, type NonFiniteMark } from "./non-finite-marks";

export type ScoreChartModel = {
  /** Says where the numbers come from, since the two sources differ in meaning. */
  title: string;
  source: "metric" | "reward";
  rows: { step: number; value: number | null }[];
  /** False when no row has a value (e.g. eval rollouts logged without rewards): show a message, not an empty plot. */
  hasValues: boolean;
  yLabel: string;
  /** Non-finite logged scores, marked on the chart (see non-finite-marks.ts). */
  nonFinite: NonFiniteMark[];
};

/**
 * Task score per step: the run's score metric (lib/domain/series/score-metric.ts) when it logs one
 * (pass its key and points, even an empty range), else the mean reward of each step's rollouts from step health (null = no rewards at
 * that step, drawn as a gap).
 */
export function prepareScoreChart(
  scoreMetric: { key: string; points: readonly SeriesPoint[] } | null,
  health: readonly StepHealthPoint[],
): ScoreChartModel {
  if (scoreMetric !== null) {
    const rows = scoreMetric.points.map(({ step, value }) => ({ step, value: Number.isFinite(value) ? value : null }));
    return {
      title: `Task score (${scoreMetric.key})`,
      source: "metric",
      rows,
      hasValues: hasAnyValue(rows),
      yLabel: "score",
      nonFinite: nonFiniteMarks(scoreMetric.points),
    };
  }
  const rows = health.map(({ step, meanReward }) => ({
    step,
    value: meanReward !== null && Number.isFinite(meanReward) ? meanReward : null,
  }));
  return {
    title: "Task score (mean rollout reward per step)",
    source: "reward",
    rows,
    hasValues: hasAnyValue(rows),
    yLabel: "mean reward",
    nonFinite: [],
  };
}

function hasAnyValue(rows: readonly { value: number | null }[]): boolean {
  return rows.some((r) => r.value !== null);
}
