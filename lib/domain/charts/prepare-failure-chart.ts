import type { FailureKind } from "../classifier/types";
import type { StepHealthPoint } from "../events/types";

export const OTHER_FAILURES = "other_kinds";
export type FailureSeriesKey = FailureKind | typeof OTHER_FAILURES;

/** One step: per failure kind, the share of the step's assistant turns showing it (0..1); null for a step without turns. */
export type FailureChartRow = { step: number } & Partial<Record<FailureSeriesKey, number | null>>;

export type FailureChartModel = {
  rows: FailureChartRow[];
  /** Kinds drawn, most frequent first (by peak rate); the rest summed as "other kinds". */
  series: { key: FailureSeriesKey; label: string }[];
  yLabel: string;
};

/**
 * Failure kinds per step as rates, so steps with different numbers of turns compare. A turn can show
 * several kinds, so rates are not stacked and may add up to more than 1. The `maxKinds` kinds with the
 * highest peak rate get their own line; the others are summed into one "other kinds" line.
 */
export function prepareFailureChart(points: readonly StepHealthPoint[], maxKinds = 6): FailureChartModel {
  const peak = new Map<FailureKind, number>();
  for (const point of points) {
    if (point.turns === 0) continue;
    for (const [kind, count] of Object.entries(point.failures) as [FailureKind, number][]) {
      if (count > 0) peak.set(kind, Math.max(peak.get(kind) ?? 0, count / point.turns));
    }
  }
  const ranked = [...peak.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([kind]) => kind);
  const shown = ranked.slice(0, maxKinds);
  const rest = ranked.slice(maxKinds);

  const rows = points.map((point) => {
    const row: FailureChartRow = { step: point.step };
    const rate = (kind: FailureKind) => (point.turns > 0 ? (point.failures[kind] ?? 0) / point.turns : null);
    for (const kind of shown) row[kind] = rate(kind);
    if (rest.length > 0)
      row[OTHER_FAILURES] = point.turns > 0 ? rest.reduce((sum, kind) => sum + (rate(kind) ?? 0), 0) : null;
    return row;
  });
  const series = shown.map((kind) => ({ key: kind as FailureSeriesKey, label: kind.replaceAll("_", " ") }));
  if (rest.length > 0) series.push({ key: OTHER_FAILURES, label: `other kinds (${rest.length})` });
  return { rows, series, yLabel: "% of assistant turns" };
}
