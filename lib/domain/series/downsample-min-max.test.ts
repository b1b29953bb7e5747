import { describe, expect, it } from "vitest";
import { bucketWidth, downsampleMinMax, type SeriesPoint } from "./downsample-min-max";

function series(values: number[]): SeriesPoint[] {
  return values.map((value, step) => ({ step, value }));
}

describe("bucketWidth", () => {
  it("is the smallest power of two whose aligned buckets over the range fit the budget", () => {
    expect(bucketWidth(0, 7, 8)).toBe(2); // 4 buckets of 2
    expect(bucketWidth(0, 999_999, 1_000)).toBe(2_048); // 489 buckets
    expect(bucketWidth(5, 6, 2)).toBe(4); // 5 and 6 first share a bucket at width 4: [4, 7]
  });
});

describe("downsampleMinMax", () => {
  it("returns short series sorted and whole, non-finite values included", () => {
    const points = [
      { step: 2, value: 1 },
      { step: 0, value: Number.NaN },
      { step: 1, value: 2 },
    ];
    expect(downsampleMinMax(points, 10)).toEqual([
      { step: 0, value: Number.NaN },
      { step: 1, value: 2 },
      { step: 2, value: 1 },
    ]);
  });

  it("keeps a single-step drop to 0 in a long healthy series at any budget", () => {
    const values = Array.from({ length: 100_000 }, (_, i) => 0.9 + 0.05 * Math.sin(i / 7));
    values[73_421] = 0;
    for (const budget of [2, 10, 100, 1_000, 10_000]) {
      const out = downsampleMinMax(series(values), budget);
      expect(out.length).toBeLessThanOrEqual(budget);
      expect(out).toContainEqual({ step: 73_421, value: 0 });
    }
  });

  it("keeps the global maximum and minimum and stays in step order", () => {
    const values = Array.from({ length: 5_000 }, (_, i) => (i * 7919) % 1_000);
    values[10] = -5;
    values[4_000] = 5_000;
    const out = downsampleMinMax(series(values), 50);
    expect(out).toContainEqual({ step: 10, value: -5 });
    expect(out).toContainEqual({ step: 4_000, value: 5_000 });
    const steps = out.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it("keeps each aligned bucket's extremes, one point when min and max coincide, the earliest step on ties", () => {
    // 8 points, budget 4 -> 2 buckets of 4 steps: 0-3 and 4-7
    const out = downsampleMinMax(series([5, 1, 9, 1, 7, 7, 7, 7]), 4);
    expect(out).toEqual([
      { step: 1, value: 1 },
      { step: 2, value: 9 },
      { step: 4, value: 7 },
    ]);
  });

  it("marks a bucket's first non-finite point without letting it hide the bucket's real extremes", () => {
    const values = [1, Number.NaN, 3, Number.POSITIVE_INFINITY, 2, 2, 2, 2];
    const out = downsampleMinMax(series(values), 4);
    expect(out).toEqual([
      { step: 0, value: 1 },
      { step: 1, value: Number.NaN },
      { step: 2, value: 3 },
      { step: 4, value: 2 },
    ]);
  });

  it("handles irregular step spacing by step range, not by index", () => {
    const points = [...Array.from({ length: 100 }, (_, i) => ({ step: i, value: 1 })), { step: 1_000, value: 3 }];
    const out = downsampleMinMax(points, 4);
    expect(out.at(-1)).toEqual({ step: 1_000, value: 3 });
  });

  it("rejects a budget below 2", () => {
    expect(() => downsampleMinMax(series([1, 2, 3]), 1)).toThrow(RangeError);
  });
});
