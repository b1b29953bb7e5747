import { describe, expect, it } from "vitest";
import { OTHER_FAILURES, prepareFailureChart } from "./prepare-failure-chart";
import { healthPoint } from "./test-points";

describe("prepareFailureChart", () => {
  it("gives each kind's share of the step's turns, kinds ranked by peak rate", () => {
    const model = prepareFailureChart([
      healthPoint(0, { healthy_tool_call: 3, text_pollution: 1 }, { failures: { junk_tail: 1 } }),
      healthPoint(1, { full_collapse: 2, text_pollution: 2 }, { failures: { bare_tag: 2, junk_tail: 1, bad_json: 1 } }),
    ]);
    expect(model.series.map((s) => s.key)).toEqual(["bare_tag", "bad_json", "junk_tail"]);
    expect(model.series[0]!.label).toBe("bare tag");
    expect(model.rows).toEqual([
      { step: 0, bare_tag: 0, bad_json: 0, junk_tail: 0.25 },
      { step: 1, bare_tag: 0.5, bad_json: 0.25, junk_tail: 0.25 },
    ]);
    expect(model.yLabel).toBe("% of assistant turns");
  });

  it("sums the kinds past the limit into one 'other kinds' line and leaves turnless steps as gaps", () => {
    const model = prepareFailureChart(
      [
        healthPoint(0, { text_pollution: 10 }, { failures: { bad_json: 5, junk_tail: 3, echo_of_user: 1 } }),
        healthPoint(1, {}),
      ],
      1,
    );
    expect(model.series).toEqual([
      { key: "bad_json", label: "bad json" },
      { key: OTHER_FAILURES, label: "other kinds (2)" },
    ]);
    expect(model.rows[0]![OTHER_FAILURES]).toBeCloseTo(0.4);
    expect(model.rows[1]).toEqual({ step: 1, bad_json: null, [OTHER_FAILURES]: null });
  });

  it("has no series when nothing failed", () => {
    expect(prepareFailureChart([healthPoint(0, { healthy_tool_call: 2 })]).series).toEqual([]);
  });
});
