import { describe, expect, it } from "vitest";
import { prepareMetricChart } from "./prepare-metric-chart";

describe("prepareMetricChart", () => {
  it("merges series on the union of steps under path-safe field names", () => {
    const model = prepareMetricChart([
      {
        key: "actor/entropy",
        totalPoints: 2,
        isDownsampled: false,
        points: [
          { step: 2, value: 1.5 },
          { step: 0, value: 2 },
        ],
      },
      {
        key: "loss.total",
        totalPoints: 9,
        isDownsampled: true,
        points: [
          { step: 1, value: Number.POSITIVE_INFINITY },
          { step: 2, value: 3 },
        ],
      },
    ]);
    expect(model.series).toEqual([
      { field: "m0", key: "actor/entropy", totalPoints: 2, isDownsampled: false, nonFinite: [] },
      {
        field: "m1",
        key: "loss.total",
        totalPoints: 9,
        isDownsampled: true,
        nonFinite: [{ fromStep: 1, toStep: 1, count: 1, label: "+Inf" }],
      },
    ]);
    expect(model.rows).toEqual([
      { step: 0, m0: 2, m1: null },
      { step: 1, m0: null, m1: null },
      { step: 2, m0: 1.5, m1: 3 },
    ]);
  });

  it("is empty without series", () => {
    expect(prepareMetricChart([])).toEqual({ rows: [], series: [] });
  });
});
