import { describe, expect, it } from "vitest";
import { healthyToolCallRate, latestMeanReward, type StepCounts } from "./run-summary-series";

function row(
  step: number,
  split: string,
  turns: number,
  healthyToolCall: number,
  reward?: [number, number],
): StepCounts {
  return { step, split, turns, healthyToolCall, rewardSum: reward?.[0] ?? 0, rewardCount: reward?.[1] ?? 0 };
}

describe("healthyToolCallRate", () => {
  it("divides healthy tool calls by turns for the chosen split only, skipping steps without turns", () => {
    const rows = [row(2, "train", 4, 1), row(1, "train", 10, 10), row(1, "val", 5, 0), row(3, "train", 0, 0)];
    expect(healthyToolCallRate(rows, "train", 60)).toEqual([
      { step: 1, value: 1 },
      { step: 2, value: 0.25 },
    ]);
  });

  it("keeps a single collapsed step among hundreds when downsampling", () => {
    const rows = Array.from({ length: 300 }, (_, step) => row(step, "train", 10, step === 137 ? 0 : 9));
    const series = healthyToolCallRate(rows, "train", 60);
    expect(series.length).toBeLessThanOrEqual(60);
    expect(series).toContainEqual({ step: 137, value: 0 });
  });
});

describe("latestMeanReward", () => {
  it("averages all splits of the last step that has rewards", () => {
    const rows = [
      row(1, "train", 1, 1, [1, 1]),
      row(5, "train", 1, 1, [3, 4]),
      row(5, "val", 1, 1, [1, 4]),
      row(9, "train", 1, 1),
    ];
    expect(latestMeanReward(rows)).toEqual({ step: 5, value: 0.5 });
  });

  it("is null when no step carries a reward", () => {
    expect(latestMeanReward([row(1, "train", 1, 1)])).toBeNull();
  });
});
