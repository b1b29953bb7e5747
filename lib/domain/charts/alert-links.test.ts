import { describe, expect, it } from "vitest";
import { alertRolloutsHref, rolloutsHref } from "./alert-links";

describe("rollout links", () => {
  it("builds the rollout browser URL with only the filters given", () => {
    expect(rolloutsHref("r1", { step: 7, split: "val" })).toBe("/runs/r1/rollouts?step=7&split=val");
    expect(rolloutsHref("r1", { step: 7, split: "train", failure: "bad_json" })).toBe("/runs/r1/rollouts?step=7&split=train&failure=bad_json");
  });

  it("filters an alert's example rollouts by the state that rose", () => {
    expect(alertRolloutsHref("r", { step: 120, kind: "full_collapse_rise" }, "train")).toBe("/runs/r/rollouts?step=120&split=train&state=full_collapse");
    expect(alertRolloutsHref("r", { step: 120, kind: "text_pollution_rise" }, "train")).toBe("/runs/r/rollouts?step=120&split=train&state=text_pollution");
    expect(alertRolloutsHref("r", { step: 120, kind: "healthy_tool_call_drop" }, "val")).toBe("/runs/r/rollouts?step=120&split=val");
  });
});
