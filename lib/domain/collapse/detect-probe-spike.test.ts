import { describe, expect, it } from "vitest";
import { createRng } from "../demo/prng";
import { firstProbeSpike } from "./detect-probe-spike";

const series = (values: readonly number[]) => values.map((value, step) => ({ step, value }));

describe("firstProbeSpike", () => {
  it("finds the first step that jumps five-fold over the median of the last ten", () => {
    const values = [...Array(20).fill(0.01), 0.04, 0.06, 0.5, 0.9];
    // 0.04 is below the 0.05 floor of a spike; 0.06 is 6x the median 0.01
    expect(firstProbeSpike(series(values))).toEqual({
      step: 21,
      p: 0.06,
      baseline: 0.01,
      foldChange: expect.closeTo(6, 9),
    });
  });

  it("ignores a slow drift, however far it goes", () => {
    const values = Array.from({ length: 200 }, (_, s) => 0.01 + 0.004 * s); // reaches 0.8
    expect(firstProbeSpike(series(values))).toBeNull();
  });

  it("never fires on noisy healthy probes (multiplicative noise of 15%, 100 series)", () => {
    const rng = createRng(7);
    for (let k = 0; k < 100; k++) {
      const values = Array.from({ length: 300 }, () => 0.01 * Math.exp(0.15 * rng.gauss()));
      expect(firstProbeSpike(series(values))).toBeNull();
    }
  });

  it("needs a full baseline window and skips non-finite values", () => {
    expect(firstProbeSpike(series([0.01, 0.01, 0.9]))).toBeNull();
    const values = [...Array(10).fill(0.01), Number.NaN, 0.2];
    expect(firstProbeSpike(series(values))?.step).toBe(11);
  });
});
