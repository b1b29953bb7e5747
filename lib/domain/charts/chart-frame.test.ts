import { describe, expect, it } from "vitest";
import { prepareChartFrame, roundTicks } from "./chart-frame";

const alert = (id: number, step: number) => ({
  id,
  step,
  kind: "full_collapse_rise" as const,
  severity: "critical" as const,
});

describe("prepareChartFrame", () => {
  const phases = [
    { kind: "sft" as const, startStep: 0, endStep: 49 },
    { kind: "rl" as const, startStep: 50, endStep: 199 },
  ];

  it("spans the split's steps, shading phases and marking alerts", () => {
    const frame = prepareChartFrame({ extent: { first: 0, last: 199 }, range: {}, phases, alerts: [alert(1, 120)] });
    expect(frame).toEqual({
      xDomain: [0, 199],
      xTicks: [0, 50, 100, 150],
      phases: [
        { kind: "sft", label: "SFT", x1: 0, x2: 49.5 },
        { kind: "rl", label: "RL", x1: 49.5, x2: 199 },
      ],
      alerts: [{ id: 1, step: 120, kinds: ["full_collapse_rise"], severity: "critical", label: "Full collapse rose" }],
    });
  });

  it("follows the zoom range, clipping bands and dropping what lies outside", () => {
    const frame = prepareChartFrame({
      extent: { first: 0, last: 199 },
      range: { fromStep: 100, toStep: 150 },
      phases,
      alerts: [alert(1, 20), alert(2, 130)],
    });
    expect(frame?.xDomain).toEqual([100, 150]);
    expect(frame?.phases).toEqual([{ kind: "rl", label: "RL", x1: 100, x2: 150 }]);
    expect(frame?.alerts.map((a) => a.id)).toEqual([2]);
  });

  it("draws one marker per alerting step, with the worst severity and every kind", () => {
    const warning = { id: 3, step: 60, kind: "text_pollution_rise" as const, severity: "warning" as const };
    const frame = prepareChartFrame({
      extent: { first: 0, last: 199 },
      range: {},
      phases: [],
      alerts: [alert(5, 90), warning, alert(4, 60)],
    });
    expect(frame?.alerts).toEqual([
      {
        id: 3,
        step: 60,
        kinds: ["text_pollution_rise", "full_collapse_rise"],
        severity: "critical",
        label: "Text pollution rose; Full collapse rose",
      },
      { id: 5, step: 90, kinds: ["full_collapse_rise"], severity: "critical", label: "Full collapse rose" },
    ]);
  });

  it("widens a one-step domain and is null without any step", () => {
    expect(prepareChartFrame({ extent: { first: 0, last: 0 }, range: {}, phases: [], alerts: [] })).toMatchObject({
      xDomain: [-0.5, 0.5],
      xTicks: [0],
    });
    expect(prepareChartFrame({ extent: { first: null, last: null }, range: {}, phases: [], alerts: [] })).toBeNull();
  });
});

describe("roundTicks", () => {
  it("picks round integer spacings inside the domain", () => {
    expect(roundTicks([0, 202])).toEqual([0, 50, 100, 150, 200]);
    expect(roundTicks([102, 152])).toEqual([110, 120, 130, 140, 150]);
    expect(roundTicks([3, 7])).toEqual([3, 4, 5, 6, 7]);
    expect(roundTicks([0, 100_000])).toEqual([0, 20_000, 40_000, 60_000, 80_000, 100_000]);
    expect(roundTicks([-0.5, 0.5])).toEqual([0]);
  });
});
