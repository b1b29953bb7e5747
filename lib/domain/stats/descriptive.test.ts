import { describe, expect, it } from "vitest";
import { mean, median, sampleSd } from "./descriptive";

describe("descriptive statistics", () => {
  it("answers null where a statistic is undefined", () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(sampleSd([3])).toBeNull();
  });

  it("computes mean, median and sample standard deviation", () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // deviations from 5: -3, -1, 1, 3 → sum of squares 20, / 3
    expect(sampleSd([2, 4, 6, 8])).toBeCloseTo(Math.sqrt(20 / 3), 12);
  });
});
