/** Reads one series' value from a row; null (or a non-finite number) means "no value at this step". */
export type RowValue<R> = (row: R) => number | null;

/**
 * Picks a subset of whole rows (real steps) so that every given series keeps its extremes, for
 * charts whose series must stay consistent per step (stacked state rates that sum to 1 per step).
 *
 * Rows are sorted by `step` (rows with a non-finite step are dropped). When there are at most
 * `maxRows`, all are returned. Otherwise the step range [first, last] is cut into
 * `B = max(1, floor(maxRows / (2 × S)))` buckets, S = `series.length`, step s in bucket
 * floor((s - first) × B / (last - first + 1)) (as the server's SQL does), and each bucket
 * keeps, for every series, the row holding its minimum and the row holding its maximum (ties: the
 * earliest step). Kept rows are deduplicated and returned in step order, so the output has at most
 * `B × 2 × S` rows, which is ≤ `maxRows` whenever `maxRows ≥ 2 × S`. A value that is null or not
 * finite never counts as an extreme; a bucket with no finite value in any series keeps its first row,
 * so a gap (a step with no assistant turns) stays a gap. A single step where a rate fell to 0 is its
 * bucket's minimum and therefore survives at any budget and any sub-range.
 */
export function downsampleRows<R extends { step: number }>(
  rows: readonly R[],
  series: readonly RowValue<R>[],
  maxRows: number,
): R[] {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError("maxRows must be a positive integer");
  const sorted = rows.filter((r) => Number.isFinite(r.step)).sort((a, b) => a.step - b.step);
  if (sorted.length <= maxRows || sorted.length === 0) return sorted;

  const bucketCount = Math.max(1, Math.floor(maxRows / (2 * Math.max(1, series.length))));
  const first = sorted[0]!.step;
  const span = sorted[sorted.length - 1]!.step - first + 1;
  const kept = new Set<number>(); // indexes into `sorted`

  let start = 0;
  while (start < sorted.length) {
    const bucket = bucketOf(sorted[start]!.step, first, span, bucketCount);
    let end = start + 1;
    while (end < sorted.length && bucketOf(sorted[end]!.step, first, span, bucketCount) === bucket) end++;
    for (const index of extremesOf(sorted, start, end, series)) kept.add(index);
    start = end;
  }
  return [...kept].sort((a, b) => a - b).map((i) => sorted[i]!);
}

function bucketOf(step: number, first: number, span: number, bucketCount: number): number {
  return Math.floor(((step - first) * bucketCount) / span);
}

/** Indexes of the min and max row of each series within sorted[start, end). */
function extremesOf<R>(sorted: readonly R[], start: number, end: number, series: readonly RowValue<R>[]): number[] {
  const out: number[] = [];
  for (const valueOf of series) {
    let minIndex = -1;
    let maxIndex = -1;
    let min = Infinity;
    let max = -Infinity;
    for (let i = start; i < end; i++) {
      const value = valueOf(sorted[i]!);
      if (value === null || !Number.isFinite(value)) continue;
      if (value < min) [min, minIndex] = [value, i];
      if (value > max) [max, maxIndex] = [value, i];
    }
    if (minIndex >= 0) out.push(minIndex, maxIndex);
  }
  return out.length > 0 ? out : [start];
}
