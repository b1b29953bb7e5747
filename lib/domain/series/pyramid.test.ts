import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { downsampleMinMax, type SeriesPoint } from "./downsample-min-max";
import { blockSteps, combineBlocks, planSeriesRead, pyramidBlocksOf, type PyramidBlock } from "./pyramid";
import { mergeSummaries, summarizePoint } from "./series-summary";
import { bruteForceMinMax, seriesArbitrary } from "./test-series";

/**
 * An in-memory pyramid built batch by batch as ingest does: a batch's points whose step is already
 * held (stored, or earlier in the batch) are dropped, the rest merged into the stored blocks.
 */
function buildPyramid(batches: readonly SeriesPoint[][]): Map<string, PyramidBlock> {
  const stored = new Map<string, PyramidBlock>();
  const held = new Set<number>();
  for (const batch of batches) {
    const fresh = batch.filter((p) => !held.has(p.step) && held.add(p.step));
    for (const block of pyramidBlocksOf(fresh)) {
      const id = `${block.level}:${block.block}`;
      const previous = stored.get(id);
      stored.set(id, previous ? { ...block, summary: mergeSummaries(previous.summary, block.summary) } : block);
    }
  }
  return stored;
}

/** What the server does: plan, read the planned blocks (points at level 0), combine. */
function readFromPyramid(
  points: readonly SeriesPoint[],
  pyramid: Map<string, PyramidBlock>,
  from: number,
  to: number,
  maxPoints: number,
) {
  const inRange = points.filter((p) => p.step >= from && p.step <= to);
  if (inRange.length === 0) return { totalPoints: 0, points: [] };
  const steps = inRange.map((p) => p.step);
  const plan = planSeriesRead(Math.min(...steps), Math.max(...steps), maxPoints);
  const blocks: PyramidBlock[] = [];
  for (const { level, lo, hi } of plan.ranges) {
    for (let block = lo; block <= hi; block++) {
      if (level === 0) {
        const point = inRange.find((p) => p.step === block);
        if (point) blocks.push({ level: 0, block, summary: summarizePoint(point) });
      } else {
        const held = pyramid.get(`${level}:${block}`);
        if (held) blocks.push(held);
      }
    }
  }
  const combined = combineBlocks(blocks, plan.width);
  return combined.totalPoints <= maxPoints
    ? { totalPoints: combined.totalPoints, points: [...inRange].sort((a, b) => a.step - b.step) }
    : combined;
}

describe("planSeriesRead", () => {
  it("reads whole top blocks in the middle and finer blocks only at the two ragged ends", () => {
    // 1,000,000 steps to 1,000 points: buckets of 2,048 steps, top level 3 (512 steps)
    const plan = planSeriesRead(3, 999_998, 1_000);
    expect(plan.width).toBe(2_048);
    expect(plan.ranges.filter((r) => r.level === 3)).toEqual([{ level: 3, lo: 1, hi: 1_952 }]);
    const cells = plan.ranges.reduce((n, r) => n + r.hi - r.lo + 1, 0);
    expect(cells).toBeLessThanOrEqual(1_952 + 2 * 3 * 7);
    // the ranges tile [3, 999998] exactly
    let next = 3;
    for (const { level, lo, hi } of plan.ranges) {
      expect(lo * blockSteps(level)).toBe(next);
      next = (hi + 1) * blockSteps(level);
    }
    expect(next).toBe(999_999);
  });
});

describe("the pyramid answer", () => {
  it("equals brute-force min/max downsampling for random series, batch orders, duplicates, budgets and zooms", () => {
    fc.assert(
      fc.property(
        seriesArbitrary(),
        fc.integer({ min: 2, max: 300 }),
        fc.nat(),
        fc.nat(),
        ({ points, batches }, maxPoints, a, b) => {
          const last = points.reduce((m, p) => Math.max(m, p.step), 0);
          const [from, to] = [a % (last + 1), b % (last + 1)].sort((x, y) => x - y) as [number, number];
          const pyramid = buildPyramid(batches);
          const inRange = points.filter((p) => p.step >= from && p.step <= to);
          const expected = bruteForceMinMax(inRange, maxPoints);
          expect(readFromPyramid(points, pyramid, from, to, maxPoints)).toEqual({
            totalPoints: inRange.length,
            points: expected,
          });
          expect(downsampleMinMax(inRange, maxPoints)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
