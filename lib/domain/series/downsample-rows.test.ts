import { describe, expect, it } from "vitest";
import { downsampleRows, type RowValue } from "./downsample-rows";

type Row = { step: number; healthy: number | null; collapse: number | null };

const healthy: RowValue<Row> = (r) => r.healthy;
const collapse: RowValue<Row> = (r) => r.collapse;

/** 100,000 healthy steps with a little noise, and one step (73,421) where the healthy rate fell to 0. */
function longRun(): Row[] {
  return Array.from({ length: 100_000 }, (_, step) => {
    const rate = step === 73_421 ? 0 : 0.9 + 0.05 * Math.sin(step / 7);
    return { step, healthy: rate, collapse: 1 - rate };
  });
}

describe("downsampleRows", () => {
  it("returns short input sorted and whole", () => {
    const rows: Row[] = [
      { step: 2, healthy: 1, collapse: 0 },
      { step: 0, healthy: 0.5, collapse: 0.5 },
    ];
    expect(downsampleRows(rows, [healthy, collapse], 10)).toEqual([rows[1], rows[0]]);
  });

  it("keeps a single collapsed step among 100,000 healthy ones at 200 rows, for any sub-range", () => {
    const rows = longRun();
    const ranges: [number, number][] = [
      [0, 99_999],
      [73_421, 73_421],
      [73_000, 74_000],
      [50_000, 99_999],
      [73_421, 99_999],
      [0, 73_421],
    ];
    for (const [from, to] of ranges) {
      const out = downsampleRows(rows.slice(from, to + 1), [healthy, collapse], 200);
      expect(out.length).toBeLessThanOrEqual(200);
      expect(out.find((r) => r.step === 73_421)).toEqual({ step: 73_421, healthy: 0, collapse: 1 });
    }
  });

  it("stays within buckets × 2 × series and returns real rows in step order", () => {
    const rows = longRun();
    for (const budget of [4, 7, 50, 1_000]) {
      const out = downsampleRows(rows, [healthy, collapse], budget);
      const buckets = Math.max(1, Math.floor(budget / 4));
      expect(out.length).toBeLessThanOrEqual(buckets * 2 * 2);
      const steps = out.map((r) => r.step);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(new Set(steps).size).toBe(steps.length);
      for (const row of out) expect(row).toBe(rows[row.step]);
    }
  });

  it("keeps each series' extremes per bucket, once when they coincide", () => {
    // 8 rows, budget 4 with one series -> 2 buckets: steps 0-3 and 4-7
    const values = [5, 1, 9, 5, 7, 7, 7, 7];
    const rows = values.map((v, step) => ({ step, healthy: v, collapse: null }));
    expect(downsampleRows(rows, [healthy], 4).map((r) => r.step)).toEqual([1, 2, 4]);
  });

  it("ignores null and non-finite values as extremes and keeps an all-gap bucket's first row", () => {
    const rows: Row[] = [
      { step: 0, healthy: Number.NaN, collapse: null },
      { step: 1, healthy: 0.5, collapse: null },
      { step: 2, healthy: Number.POSITIVE_INFINITY, collapse: null },
      { step: 3, healthy: 0.7, collapse: null },
      { step: 4, healthy: null, collapse: null },
      { step: 5, healthy: null, collapse: null },
      { step: 6, healthy: null, collapse: null },
      { step: 7, healthy: null, collapse: null },
    ];
    expect(downsampleRows(rows, [healthy], 4).map((r) => r.step)).toEqual([1, 3, 4]);
  });

  it("drops rows with a non-finite step and rejects a bad budget", () => {
    const rows: Row[] = [
      { step: Number.NaN, healthy: 1, collapse: 0 },
      { step: 1, healthy: 1, collapse: 0 },
    ];
    expect(downsampleRows(rows, [healthy], 5)).toEqual([rows[1]]);
    expect(() => downsampleRows(rows, [healthy], 0)).toThrow(RangeError);
    expect(() => downsampleRows(rows, [healthy], 2.5)).toThrow(RangeError);
  });
});
