import { describe, expect, it } from "vitest";
import type { AlertRecord } from "../events/types";
import { prepareDecisionChart, type DecisionInputPoint } from "./prepare-decision-chart";

const at = (step: number, index: number, probabilities: Record<string, number | null>): DecisionInputPoint => ({
  step,
  checkpointId: `c${step}`,
  index,
  position: 10 + index * 20,
  probabilities,
});
const healthy = { '{"': 0.97, "<|im_end|>": 2e-4, "<tool_call>": 1e-3 };
const collapsed = { '{"': 0.3, "<|im_end|>": 0.65, "<tool_call>": 0.05 };

function spikeAlert(id: number, step: number, probe: string): AlertRecord {
  const details = {
    checkpointId: `c${step}`,
    count: 1,
    spikes: [{ probe, position: 10, token: "<|im_end|>", p: 0.65, baseline: 2e-4, foldChange: 650 }],
  };
  return {
    id,
    runId: "r",
    step,
    kind: "control_token_spike",
    severity: "critical",
    message: "m",
    details,
    createdAt: "2026-01-01T00:00:00Z",
  };
}

describe("prepareDecisionChart", () => {
  it("plots the three decision tokens per step of the first decision point, on a log axis when small values occur", () => {
    const model = prepareDecisionChart([at(20, 0, collapsed), at(10, 0, healthy), at(10, 1, collapsed)], [], "p");
    expect(model.series.map((s) => s.token)).toEqual(['{"', "<|im_end|>", "<tool_call>"]);
    expect(model.series[1]!.label).toMatch(/collapse/);
    expect(model.rows.map((r) => [r.step, r.values.s1])).toEqual([
      [10, 2e-4],
      [20, 0.65],
    ]);
    expect(model).toMatchObject({ scale: "log", yDomain: [1e-4, 1], pointIndex: 0, hasValues: true });
    expect(model.yTicks).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(model.note).toBe("This probe has 2 decision points; showing #1 (token position 10).");
  });

  it("shows another decision point on request, and falls back to the first for an unknown one", () => {
    const input = [at(10, 0, healthy), at(10, 1, collapsed)];
    expect(prepareDecisionChart(input, [], "p", 1).rows[0]!.values.s1).toBe(0.65);
    expect(prepareDecisionChart(input, [], "p", 7).pointIndex).toBe(0);
  });

  it("uses a linear axis for large values and keeps missing values as gaps", () => {
    const model = prepareDecisionChart([at(1, 0, { '{"': 0.5, "<|im_end|>": null, "<tool_call>": 0.2 })], [], "p");
    expect(model).toMatchObject({ scale: "linear", yDomain: [0, 1] });
    expect(model.rows[0]!.values).toEqual({ s0: 0.5, s1: null, s2: 0.2 });
  });

  it("draws zeros and tiny values on the log floor but keeps the measured value", () => {
    const model = prepareDecisionChart([at(1, 0, { '{"': 0.99, "<|im_end|>": 0, "<tool_call>": 1e-9 })], [], "p");
    expect(model.yDomain).toEqual([1e-6, 1]);
    expect(model.rows[0]!.values).toEqual({ s0: 0.99, s1: 1e-6, s2: 1e-6 });
    expect(model.rows[0]!.raw).toEqual({ s0: 0.99, s1: 0, s2: 1e-9 });
    expect(model.rows[0]!.labels).toEqual({ s0: "0.990", s1: "0", s2: "1.0e-9" });
    expect(model.xDomain).toEqual([0, 2]);
  });

  it("marks spike alerts at plotted steps, saying whether they concern this probe", () => {
    const alerts = [spikeAlert(1, 20, "p"), spikeAlert(2, 20, "other"), spikeAlert(3, 99, "p")];
    const model = prepareDecisionChart([at(10, 0, healthy), at(20, 0, collapsed)], alerts, "p");
    expect(model.xDomain).toEqual([10, 20]);
    expect(model.xTicks).toEqual([10, 20]);
    expect(model.spikes).toEqual([
      { step: 20, alertId: 1, severity: "critical", isThisProbe: true },
      { step: 20, alertId: 2, severity: "critical", isThisProbe: false },
    ]);
  });

  it("says when there is nothing to draw", () => {
    expect(prepareDecisionChart([], [], "p")).toMatchObject({ rows: [], series: [], hasValues: false, note: null });
  });
});
