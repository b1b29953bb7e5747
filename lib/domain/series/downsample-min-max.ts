export type SeriesPoint = { step: number; value: number };

/**
 * Reduces a series to at most `maxPoints` points by splitting the step range [first, last] into
 * B = `floor(maxPoints/2)` buckets, step s in bucket floor((s - first) × B / (last - first + 1)), and
 * keeping each bucket's minimum and maximum point (in step order; once when they coincide). The
 * server does the same in SQL (lib/server/series), so live-merged and server-read series agree. A single extreme step, such as the one step where a rate fell to 0, always survives.
 * Input need not be sorted; non-finite values are dropped; a series already short enough is returned
 * sorted and otherwise untouched. Ties keep the earliest step.
 */
export function downsampleMinMax(points: readonly SeriesPoint[], maxPoints: number): SeriesPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError("maxPoints must be an integer >= 2");
  const sorted = points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.step)).sort((a, b) => a.step - b.step);
  if (sorted.length <= maxPoints) return sorted;

  const bucketCount = Math.floor(maxPoints / 2);
  const first = sorted[0]!.step;
  const span = sorted[sorted.length - 1]!.step - first + 1;
  const mins: (SeriesPoint | undefined)[] = new Array(bucketCount);
  const maxs: (SeriesPoint | undefined)[] = new Array(bucketCount);

  for (const point of sorted) {
    const bucket = Math.floor(((point.step - first) * bucketCount) / span);
    const min = mins[bucket];
    const max = maxs[bucket];
    if (!min || point.value < min.value) mins[bucket] = point;
    if (!max || point.value > max.value) maxs[bucket] = point;
  }

  const out: SeriesPoint[] = [];
  for (let b = 0; b < bucketCount; b++) {
    const min = mins[b];
    const max = maxs[b];
    if (!min || !max) continue;
    if (min === max) out.push(min);
    else if (min.step <= max.step) out.push(min, max);
    else out.push(max, min);
  }
  return out;
}
