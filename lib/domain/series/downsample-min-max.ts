export type SeriesPoint = { step: number; value: number };

/**
 * Reduces a series to at most `maxPoints` points by splitting the step range into `floor(maxPoints/2)`
 * equal-width buckets and keeping each bucket's minimum and maximum point (in step order; once when
 * they coincide). A single extreme step, such as the one step where a rate fell to 0, always survives.
 * Input need not be sorted; non-finite values are dropped; a series already short enough is returned
 * sorted and otherwise untouched. Ties keep the earliest step.
 */
export function downsampleMinMax(points: readonly SeriesPoint[], maxPoints: number): SeriesPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError("maxPoints must be an integer >= 2");
  const sorted = points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.step)).sort((a, b) => a.step - b.step);
  if (sorted.length <= maxPoints) return sorted;

  const bucketCount = Math.floor(maxPoints / 2);
  const first = sorted[0]!.step;
  const width = (sorted[sorted.length - 1]!.step - first) / bucketCount || 1;
  const mins: (SeriesPoint | undefined)[] = new Array(bucketCount);
  const maxs: (SeriesPoint | undefined)[] = new Array(bucketCount);

  for (const point of sorted) {
    const bucket = Math.min(bucketCount - 1, Math.floor((point.step - first) / width));
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
