import { describe, expect, it } from "vitest";
import { sparklinePath } from "./sparkline-path";

const BOX = { width: 104, height: 24, yDomain: [0, 1] as [number, number], inset: 2 };

describe("sparklinePath", () => {
  it("maps steps to x and values to y (y grows downwards) inside the inset", () => {
    const model = sparklinePath(
      [
        { step: 0, value: 1 },
        { step: 50, value: 0.5 },
        { step: 100, value: 0 },
      ],
      BOX,
    )!;
    expect(model.path).toBe("M2 2 L52 12 L102 22");
    expect(model.last).toEqual({ x: 102, y: 22, step: 100, value: 0 });
    expect(model.pointCount).toBe(3);
  });

  it("marks the lowest point, so a one-step collapse is named in the label", () => {
    const points = [
      { step: 1, value: 0.9 },
      { step: 2, value: 0 },
      { step: 3, value: 0.95 },
      { step: 4, value: 0 },
    ];
    const model = sparklinePath(points, BOX)!;
    expect(model.min).toMatchObject({ step: 2, value: 0, y: 22 });
    expect(model.last).toMatchObject({ step: 4, value: 0 });
  });

  it("sorts by step, drops non-finite points and clamps values to the domain", () => {
    const model = sparklinePath(
      [
        { step: 10, value: 2 },
        { step: 0, value: Number.NaN },
        { step: 0, value: -1 },
      ],
      BOX,
    )!;
    expect(model.path).toBe("M2 22 L102 2");
    expect(model.min.value).toBe(-1);
  });

  it("puts a lone point at the right edge and returns null for no data", () => {
    expect(sparklinePath([{ step: 7, value: 0.5 }], BOX)).toMatchObject({ path: "M102 12", pointCount: 1 });
    expect(sparklinePath([], BOX)).toBeNull();
    expect(sparklinePath([{ step: 1, value: Number.POSITIVE_INFINITY }], BOX)).toBeNull();
  });

  it("uses the data's own range without a domain and centres a flat line", () => {
    const model = sparklinePath(
      [
        { step: 0, value: 3 },
        { step: 1, value: 3 },
      ],
      { width: 10, height: 10, inset: 0 },
    )!;
    expect(model.path).toBe("M0 5 L10 5");
  });
});
