import { describe, expect, it } from "vitest";
import { scoreSeries } from "./score-series";

describe("scoreSeries", () => {
  const rewards = [
    { step: 2, rewardSum: 3, rewardCount: 4 },
    { step: 1, rewardSum: 1, rewardCount: 2 },
    { step: 3, rewardSum: 0, rewardCount: 0 },
  ];

  it("uses the mean reward per step when no score is logged, skipping steps without rewards", () => {
    expect(scoreSeries(rewards, [])).toEqual([
      { step: 1, value: 0.5 },
      { step: 2, value: 0.75 },
    ]);
  });

  it("uses only the logged score when there is one, even where a step lacks it", () => {
    expect(scoreSeries(rewards, [{ step: 2, value: 0.9 }])).toEqual([{ step: 2, value: 0.9 }]);
  });
});
