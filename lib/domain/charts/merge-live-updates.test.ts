import { describe, expect, it } from "vitest";
import type { AlertRecord } from "../events/types";
import { extendExtent, isStepInView, mergeAlert, mergeHealthSteps, mergeMetricPoints } from "./merge-live-updates";
import { healthPoint } from "./test-points";

const alert = (id: number, step: number): AlertRecord => ({
  id,
  runId: "r",
  step,
  kind: "full_collapse_rise",
  severity: "critical",
  message: "m",
  createdAt: "2026-01-01T00:00:00.000Z",
  details: { rate: 1, baseline: 0, threshold: 0.2, turns: 8, baselineSteps: [0, 9] },
});

describe("live updates", () => {
  it("accepts any step when not zoomed, only the range when zoomed", () => {
    expect(isStepInView(500, {})).toBe(true);
    expect(isStepInView(500, { fromStep: 10, toStep: 100 })).toBe(false);
    expect(isStepInView(50, { fromStep: 10, toStep: 100 })).toBe(true);
  });

  it("replaces held steps with the stream's totals and inserts new ones in order", () => {
    const held = [healthPoint(1, { healthy_tool_call: 4 }), healthPoint(3, { healthy_tool_call: 4 })];
    const merged = mergeHealthSteps(
      held,
      [healthPoint(3, { full_collapse: 8 }), healthPoint(2, { text_pollution: 1 })],
      {},
      1_000,
    );
    expect(merged.map((p) => [p.step, p.turns])).toEqual([
      [1, 4],
      [2, 1],
      [3, 8],
    ]);
    expect(mergeHealthSteps(held, [healthPoint(9, { full_collapse: 1 })], { fromStep: 0, toStep: 5 }, 1_000)).toEqual(
      held,
    );
  });

  it("merges metric points only into the series being shown", () => {
    const held = [{ key: "a", totalPoints: 1, isDownsampled: false, points: [{ step: 0, value: 1 }] }];
    const merged = mergeMetricPoints(
      held,
      [
        {
          key: "a",
          points: [
            { step: 0, value: 5 },
            { step: 1, value: 2 },
          ],
        },
        { key: "b", points: [{ step: 1, value: 9 }] },
      ],
      {},
      100,
    );
    expect(merged).toEqual([
      {
        key: "a",
        totalPoints: 2,
        isDownsampled: false,
        points: [
          { step: 0, value: 5 },
          { step: 1, value: 2 },
        ],
      },
    ]);
  });

  it("adds an alert once, newest first, and widens the step extent", () => {
    const alerts = mergeAlert(mergeAlert([alert(1, 10)], alert(2, 20)), alert(2, 20));
    expect(alerts.map((a) => a.id)).toEqual([2, 1]);
    expect(extendExtent({ first: null, last: null }, [5, 3])).toEqual({ first: 3, last: 5 });
    expect(extendExtent({ first: 0, last: 10 }, [4])).toEqual({ first: 0, last: 10 });
  });
});
