export type SeriesPoint = { step: number; value: number };

/**
 * What min/max downsampling needs to know of a run of points: how many there are, the finite minimum
 * and maximum (the earliest step on ties) and the first non-finite point. Summaries merge, so the
 * pyramid's blocks, a bucket of raw points and a whole series are all one shape.
 */
export type SeriesSummary = {
  count: number;
  min: SeriesPoint | null;
  max: SeriesPoint | null;
  nonFinite: SeriesPoint | null;
};

export const EMPTY_SUMMARY: SeriesSummary = { count: 0, min: null, max: null, nonFinite: null };

export function summarizePoint(point: SeriesPoint): SeriesSummary {
  return Number.isFinite(point.value)
    ? { count: 1, min: point, max: point, nonFinite: null }
    : { count: 1, min: null, max: null, nonFinite: point };
}

/** Merges two summaries of disjoint runs of points (in any order). */
export function mergeSummaries(a: SeriesSummary, b: SeriesSummary): SeriesSummary {
  return {
    count: a.count + b.count,
    min: pick(a.min, b.min, (x, y) => x.value < y.value),
    max: pick(a.max, b.max, (x, y) => x.value > y.value),
    nonFinite: pick(a.nonFinite, b.nonFinite, () => false),
  };
}

/** Adds one more point to a summary the caller owns, in place: what mergeSummaries does, without the copy. */
export function absorbPoint(summary: SeriesSummary, point: SeriesPoint): void {
  summary.count++;
  if (!Number.isFinite(point.value)) {
    if (!summary.nonFinite || point.step < summary.nonFinite.step) summary.nonFinite = point;
    return;
  }
  const { min, max } = summary;
  if (!min || point.value < min.value || (point.value === min.value && point.step < min.step)) summary.min = point;
  if (!max || point.value > max.value || (point.value === max.value && point.step < max.step)) summary.max = point;
}

/** `isBetter(x, y)` decides; an equal value keeps the earlier step. */
function pick(
  x: SeriesPoint | null,
  y: SeriesPoint | null,
  isBetter: (x: SeriesPoint, y: SeriesPoint) => boolean,
): SeriesPoint | null {
  if (!x) return y;
  if (!y) return x;
  if (isBetter(x, y)) return x;
  if (isBetter(y, x)) return y;
  return x.step <= y.step ? x : y;
}

/** The points a bucket keeps: its minimum, maximum and first non-finite point, each once, in step order. */
export function summaryPoints(summary: SeriesSummary): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const point of [summary.min, summary.max, summary.nonFinite]) {
    if (point && !out.some((p) => p.step === point.step)) out.push(point);
  }
  return out.sort((a, b) => a.step - b.step);
}
