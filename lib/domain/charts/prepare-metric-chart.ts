import type { SeriesPoint } from "../series/series-summary";
import { nonFiniteMarks, type NonFiniteMark } from "./non-finite-marks";

export type MetricSeriesInput = {
  key: string;
  totalPoints: number;
  isDownsampled: boolean;
  points: readonly SeriesPoint[];
};

/** Rows keyed by step; series values live under `field` (m0, m1, ...) because keys contain "/" and "." that charting libraries read as paths. */
export type MetricChartModel = {
  rows: ({ step: number } & Record<string, number | null>)[];
  series: { field: string; key: string; totalPoints: number; isDownsampled: boolean; nonFinite: NonFiniteMark[] }[];
};

/**
 * Merges several metric series on the union of their steps. A series has null at steps where it has
 * no point (not logged, or dropped by downsampling); renderers connect across those, since a missing
 * sample is not a zero. Non-finite values become null in the rows and are listed per series in
 * `nonFinite`, which the chart marks at their steps (a line bridging a NaN would hide it).
 */
export function prepareMetricChart(series: readonly MetricSeriesInput[]): MetricChartModel {
  const fields = series.map((s, i) => ({
    field: `m${i}`,
    key: s.key,
    totalPoints: s.totalPoints,
    isDownsampled: s.isDownsampled,
    nonFinite: nonFiniteMarks(s.points),
  }));
  const byStep = new Map<number, { step: number } & Record<string, number | null>>();
  series.forEach((s, i) => {
    for (const { step, value } of s.points) {
      let row = byStep.get(step);
      if (!row) {
        row = { step } as { step: number } & Record<string, number | null>;
        for (const f of fields) row[f.field] = null;
        byStep.set(step, row);
      }
      row[`m${i}`] = Number.isFinite(value) ? value : null;
    }
  });
  return { rows: [...byStep.values()].sort((a, b) => a.step - b.step), series: fields };
}
