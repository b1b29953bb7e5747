import { bucketWidth } from "./downsample-min-max";
import {
  absorbPoint,
  EMPTY_SUMMARY,
  mergeSummaries,
  summarizePoint,
  summaryPoints,
  type SeriesPoint,
  type SeriesSummary,
} from "./series-summary";

/**
 * The min/max pyramid of a metric series: level L (1..PYRAMID_TOP_LEVEL) cuts steps into blocks of
 * 8^L steps, block b covering [b * 8^L, (b + 1) * 8^L - 1], each holding the summary of its points.
 * Level 0 stands for the points themselves. Eight-fold levels keep the pyramid at about 1/7 row per
 * point; 8^10 > 2^30 covers every 32-bit step in two top blocks.
 */
export const PYRAMID_TOP_LEVEL = 10;

export function blockSteps(level: number): number {
  return 8 ** level;
}

/** One block's summary; at level 0 `block` is the step of one point. */
export type PyramidBlock = { level: number; block: number; summary: SeriesSummary };

/** Inclusive block range of one level to read; level 0 reads points by step. */
export type BlockRange = { level: number; lo: number; hi: number };

export type SeriesReadPlan = { width: number; ranges: BlockRange[] };

/**
 * What to read to downsample the points stored in [first, last] (their first and last stored steps)
 * to `maxPoints`: the aligned bucket width of `downsampleMinMax`, and [first, last] split into whole
 * blocks no larger than a bucket (level floor(log8 width)), so every block lies inside one bucket.
 * Besides at most 4 × floor(maxPoints / 2) top blocks, only the two ragged ends need finer blocks
 * (at most 7 per level) or points (at most 7 per end): the read grows with the answer, not the series.
 */
export function planSeriesRead(first: number, last: number, maxPoints: number): SeriesReadPlan {
  const width = bucketWidth(first, last, maxPoints);
  const top = Math.min(PYRAMID_TOP_LEVEL, Math.floor(Math.log2(width) / 3));
  const ranges: BlockRange[] = [];
  const add = (level: number, block: number) => {
    const previous = ranges.at(-1);
    if (previous && previous.level === level && previous.hi === block - 1) previous.hi = block;
    else ranges.push({ level, lo: block, hi: block });
  };
  for (let step = first; step <= last;) {
    let level = top;
    while (level > 0 && (step % blockSteps(level) !== 0 || step + blockSteps(level) - 1 > last)) level--;
    add(level, step / blockSteps(level));
    step += blockSteps(level);
  }
  return { width, ranges };
}

/**
 * Merges the blocks (and level-0 points) read for a plan into its buckets: the kept points in step
 * order and the number of points stored in the range. Equals `downsampleMinMax` over the points.
 */
export function combineBlocks(
  blocks: readonly PyramidBlock[],
  width: number,
): { totalPoints: number; points: SeriesPoint[] } {
  const buckets = new Map<number, SeriesSummary>();
  let totalPoints = 0;
  for (const { level, block, summary } of blocks) {
    const bucket = Math.floor((block * blockSteps(level)) / width);
    buckets.set(bucket, mergeSummaries(buckets.get(bucket) ?? EMPTY_SUMMARY, summary));
    totalPoints += summary.count;
  }
  const points = [...buckets.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, summary]) => summaryPoints(summary));
  return { totalPoints, points };
}

/**
 * The pyramid blocks that new points of one series add to, at every level 1..PYRAMID_TOP_LEVEL:
 * each block's summary of just these points, to be merged into the stored block (ingest never
 * updates a stored point, so merging is all a block ever needs). Level by level from the one below.
 */
export function pyramidBlocksOf(points: readonly SeriesPoint[]): PyramidBlock[] {
  // Level 1 straight from the points, merging in place: a batch holds up to 100,000 of them.
  const firstLevel = new Map<number, PyramidBlock>();
  for (const point of points) {
    const block = Math.floor(point.step / 8);
    const held = firstLevel.get(block);
    if (held) absorbPoint(held.summary, point);
    else firstLevel.set(block, { level: 1, block, summary: summarizePoint(point) });
  }
  let below = [...firstLevel.values()];
  const out: PyramidBlock[] = [...below];
  for (let level = 2; level <= PYRAMID_TOP_LEVEL; level++) {
    const byBlock = new Map<number, PyramidBlock>();
    for (const { block, summary } of below) {
      const parent = Math.floor(block / 8);
      const held = byBlock.get(parent);
      byBlock.set(parent, { level, block: parent, summary: held ? mergeSummaries(held.summary, summary) : summary });
    }
    below = [...byBlock.values()];
    out.push(...below);
  }
  return out;
}
