import { describe, expect, it } from "vitest";
import { summarizeScore } from "./score-summary";

const series = (values: readonly number[]) => values.map((value, step) => ({ step, value }));

describe("summarizeScore", () => {
  it("reports best, final and the largest drawdown of the trailing mean", () => {
    // window 2: smoothed 0.2, 0.5, 0.8, 0.5, 0.2, 0.3
    const summary = summarizeScore(series([0.2, 0.8, 0.8, 0.2, 0.2, 0.4]), 2);
    expect(summary.bestScore).toBeCloseTo(0.8, 12);
    expect(summary.finalScore).toBeCloseTo(0.3, 12);
    expect(summary.maxDrawdown).toBeCloseTo(0.6, 12);
  });

  it("has no drawdown on a rising series and nothing for no points", () => {
    expect(summarizeScore(series([0.1, 0.2, 0.3]), 1)).toEqual({ bestScore: 0.3, finalScore: 0.3, maxDrawdown: 0 });
    expect(summarizeScore([])).toEqual({ bestScore: null, finalScore: null, maxDrawdown: null });
  });

  it("smooths away a single lucky step", () => {
    const summary = summarizeScore(series([0, 0, 0, 0, 1, 0, 0, 0, 0, 0]), 5);
    expect(summary.bestScore).toBeCloseTo(0.2, 12);
  });
});
