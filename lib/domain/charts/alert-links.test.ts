import { describe, expect, it } from "vitest";
import { alertHref, alertRolloutsHref, rolloutsHref } from "./alert-links";

describe("rollout links", () => {
  it("builds the rollout browser URL with only the filters given", () => {
    expect(rolloutsHref("r1", { step: 7, split: "val" })).toBe("/runs/r1/rollouts?step=7&split=val");
    expect(rolloutsHref("r1", { step: 7, split: "train", failure: "bad_json" })).toBe(
      "/runs/r1/rollouts?step=7&split=train&failure=bad_json",
    );
  });

  it("filters an alert's example rollouts by the state that rose", () => {
    expect(alertRolloutsHref("r", { step: 120, kind: "full_collapse_rise" }, "train")).toBe(
      "/runs/r/rollouts?step=120&split=train&state=full_collapse",
    );
    expect(alertRolloutsHref("r", { step: 120, kind: "text_pollution_rise" }, "train")).toBe(
      "/runs/r/rollouts?step=120&split=train&state=text_pollution",
    );
    expect(alertRolloutsHref("r", { step: 120, kind: "healthy_tool_call_drop" }, "val")).toBe(
      "/runs/r/rollouts?step=120&split=val",
    );
  });

  it("sends a control-token spike to its checkpoint's token view at the strongest spike", () => {
    const spike = { probe: "p", position: 3, token: "<|im_end|>", p: 0.6, baseline: 1e-4, foldChange: 600 };
    const alert = {
      step: 40,
      kind: "control_token_spike" as const,
      details: { checkpointId: "c40", count: 1, spikes: [spike] },
    };
    expect(alertHref("r", alert, "train")).toEqual({
      href: "/runs/r/checkpoints/c40?probe=p&token=%3C%7Cim_end%7C%3E",
      label: "token view",
    });
    expect(alertHref("r", { ...alert, details: { checkpointId: "c40", count: 0, spikes: [] } }, "train").href).toBe(
      "/runs/r/checkpoints/c40",
    );
    const health = {
      step: 9,
      kind: "full_collapse_rise" as const,
      details: { rate: 1, baseline: 0, threshold: 0.2, turns: 8, baselineSteps: [0, 8] as [number, number] },
    };
    expect(alertHref("r", health, "val")).toEqual({
      href: "/runs/r/rollouts?step=9&split=val&state=full_collapse",
      label: "example rollouts",
    });
  });
});
