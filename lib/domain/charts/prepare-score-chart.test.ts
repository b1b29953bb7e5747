import { describe, expect, it } from "vitest";
import { prepareScoreChart } from "./prepare-score-chart";
import { healthPoint } from "./test-points";

describe("prepareScoreChart", () => {
  const health = [
    healthPoint(0, { healthy_tool_call: 1 }, { meanReward: 0.5 }),
    healthPoint(1, { healthy_tool_call: 1 }, { meanReward: null }),
  ];

  it("uses critic/score/mean when the run logs it, and says so", () => {
    const model = prepareScoreChart(
      {
        key: "critic/score/mean",
        points: [
          { step: 0, value: 0.7 },
          { step: 2, value: Number.NaN },
        ],
      },
      health,
    );
    expect(model).toMatchObject({ source: "metric", title: "Task score (critic/score/mean)" });
    expect(model.rows).toEqual([
      { step: 0, value: 0.7 },
      { step: 2, value: null },
    ]);
  });

  it("falls back to mean reward per step, with steps without rewards as gaps", () => {
    const model = prepareScoreChart(null, health);
    expect(model.source).toBe("reward");
    expect(model.title).toMatch(/mean rollout reward/);
    expect(model.rows).toEqual([
      { step: 0, value: 0.5 },
      { step: 1, value: null },
    ]);
    expect(model.hasValues).toBe(true);
  });

  it("says when there is nothing to draw", () => {
    expect(prepareScoreChart(null, [healthPoint(0, { healthy_tool_call: 1 })]).hasValues).toBe(false);
    expect(prepareScoreChart({ key: "reward", points: [] }, []).hasValues).toBe(false);
  });
});
