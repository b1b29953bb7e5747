import { describe, expect, it } from "vitest";
import { downsampleHealth } from "./health-rows";
import { prepareStateChart } from "./prepare-state-chart";
import { healthPoint } from "./test-points";

describe("prepareStateChart", () => {
  it("turns counts into shares of the step's assistant turns that sum to 1", () => {
    const model = prepareStateChart([healthPoint(3, { healthy_tool_call: 6, text_pollution: 1, full_collapse: 1 })]);
    expect(model.rows).toEqual([
      { step: 3, turns: 8, healthy_tool_call: 0.75, healthy_response: 0, text_pollution: 0.125, full_collapse: 0.125 },
    ]);
    expect(model.states).toEqual(["healthy_tool_call", "healthy_response", "text_pollution", "full_collapse"]);
    expect(model.yDomain).toEqual([0, 1]);
  });

  it("draws a step with no turns as a gap, never as zero", () => {
    const [row] = prepareStateChart([healthPoint(5, {})]).rows;
    expect(row).toEqual({
      step: 5,
      turns: 0,
      healthy_tool_call: null,
      healthy_response: null,
      text_pollution: null,
      full_collapse: null,
    });
  });

  it("keeps a one-step collapse through server-side health downsampling", () => {
    const points = Array.from({ length: 20_000 }, (_, step) =>
      step === 12_345 ? healthPoint(step, { full_collapse: 8 }) : healthPoint(step, { healthy_tool_call: 8 }),
    );
    const kept = downsampleHealth(points, 1_000);
    expect(kept.length).toBeLessThanOrEqual(1_000);
    const row = prepareStateChart(kept).rows.find((r) => r.step === 12_345);
    expect(row).toMatchObject({ healthy_tool_call: 0, full_collapse: 1 });
  });
});
