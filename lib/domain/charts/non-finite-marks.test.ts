import { describe, expect, it } from "vitest";
import { nonFiniteMarks } from "./non-finite-marks";

describe("nonFiniteMarks", () => {
  it("marks a lone NaN at its step and merges a diverged tail into one labelled span", () => {
    const points = [
      { step: 30, value: 1.2 },
      { step: 33, value: Number.NaN },
      { step: 34, value: 0.9 },
      { step: 40, value: Number.NaN },
      { step: 41, value: Number.POSITIVE_INFINITY },
      { step: 42, value: Number.NaN },
    ];
    expect(nonFiniteMarks(points)).toEqual([
      { fromStep: 33, toStep: 33, count: 1, label: "NaN" },
      { fromStep: 40, toStep: 42, count: 3, label: "NaN/+Inf ×3" },
    ]);
  });

  it("is empty for a finite series", () => {
    expect(
      nonFiniteMarks([
        { step: 1, value: 0 },
        { step: 2, value: -1 },
      ]),
    ).toEqual([]);
  });
});
