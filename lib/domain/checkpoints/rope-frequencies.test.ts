import { describe, expect, it } from "vitest";
import { ropeInverseFrequencies } from "./rope-frequencies";

describe("ropeInverseFrequencies", () => {
  it("is theta^(-2i/d) by default and divides by the factor for linear scaling", () => {
    const inv = ropeInverseFrequencies({ headDim: 8, ropeTheta: 10_000, rope: { type: "default" } });
    expect([...inv]).toEqual([1, 0.1, 0.01, 0.001].map(Math.fround));
    const linear = ropeInverseFrequencies({ headDim: 8, ropeTheta: 10_000, rope: { type: "linear", factor: 4 } });
    expect([...linear]).toEqual([0.25, 0.025, 0.0025, 0.00025].map(Math.fround));
  });

  it("applies llama3 scaling by wavelength: kept above, divided below, blended between", () => {
    // Llama 3.1's own parameters: factor 8, low 1, high 4, 8,192 original positions, theta 500,000.
    const rope = {
      type: "llama3",
      factor: 8,
      lowFreqFactor: 1,
      highFreqFactor: 4,
      originalMaxPositions: 8192,
    } as const;
    const base = ropeInverseFrequencies({ headDim: 128, ropeTheta: 500_000, rope: { type: "default" } });
    const scaled = ropeInverseFrequencies({ headDim: 128, ropeTheta: 500_000, rope });
    base.forEach((inv, i) => {
      const wavelen = (2 * Math.PI) / inv;
      if (wavelen < 8192 / 4) expect(scaled[i]).toBe(inv);
      else if (wavelen > 8192) expect(scaled[i]).toBeCloseTo(inv / 8, 12);
      else {
        expect(scaled[i]).toBeGreaterThan(inv / 8);
        expect(scaled[i]).toBeLessThan(inv);
      }
    });
    expect(scaled.filter((x, i) => x !== base[i]).length).toBeGreaterThan(0);
  });
});
