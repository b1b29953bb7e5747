import {
  EMPTY_SUMMARY,
  mergeSummaries,
  summarizePoint,
  summaryPoints,
  type SeriesPoint,
  type SeriesSummary,
} from "./series-summary";

export type { SeriesPoint } from "./series-summary";

/**
 * The width in steps of the buckets a series over [first, last] is cut into for a budget of
 * `maxPoints`: the smallest power of two W for which the aligned buckets [jW, (j+1)W - 1] touching
 * [first, last] number at most floor(maxPoints / 2). Aligned power-of-two buckets are unions of the
 * pyramid's blocks (lib/domain/series/pyramid.ts), so the server reads whole blocks, never points.
 */
export function bucketWidth(first: number, last: number, maxPoints: number): number {
  const buckets = Math.floor(maxPoints / 2);
  let width = 1;
  while (Math.floor(last / width) - Math.floor(first / width) + 1 > buckets) width *= 2;
  return width;
}

/**
 * Reduces a series to at most `maxPoints` finite points: when it has more than `maxPoints` points,
 * steps are cut into aligned buckets of `bucketWidth(first, last, maxPoints)` steps and each bucket
 * keeps its finite minimum and maximum (real points; the earliest step on ties; once when they
 * coincide) plus its first non-finite point (NaN, ±Infinity), so a diverged run's NaN is marked but
 * never hides a real extreme. Markers come on top of the budget: at most one per bucket. Output is in
 * step order; a series already short enough is returned whole, sorted. The server answers the same
 * from its pyramid (lib/server/series), so live-merged and server-read series agree. Steps are >= 0.
 */
export function downsampleMinMax(points: readonly SeriesPoint[], maxPoints: number): SeriesPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError("maxPoints must be an integer >= 2");
  const sorted = points.filter((p) => Number.isFinite(p.step)).sort((a, b) => a.step - b.step);
  if (sorted.length <= maxPoints) return sorted;

  const width = bucketWidth(sorted[0]!.step, sorted[sorted.length - 1]!.step, maxPoints);
  const buckets = new Map<number, SeriesSummary>();
  for (const point of sorted) {
    const bucket = Math.floor(point.step / width);
    buckets.set(bucket, mergeSummaries(buckets.get(bucket) ?? EMPTY_SUMMARY, summarizePoint(point)));
  }
  return [...buckets.values()].flatMap(summaryPoints);
}
