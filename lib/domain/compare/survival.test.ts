import { describe, expect, it } from "vitest";
import { survivalCurve } from "./survival";

describe("survivalCurve", () => {
  it("steps down by the share of runs at risk that collapse at each onset", () => {
    const curve = survivalCurve([
      { onsetStep: 60, lastStep: 150 },
      { onsetStep: 80, lastStep: 150 },
      { onsetStep: null, lastStep: 150 },
      { onsetStep: null, lastStep: 150 },
    ]);
    expect(curve).toEqual([
      { step: 0, survival: 1, atRisk: 4 },
      { step: 60, survival: 0.75, atRisk: 4 },
      { step: 80, survival: 0.5, atRisk: 3 },
      { step: 150, survival: 0.5, atRisk: 2 },
    ]);
  });

  it("censors a run that ended early instead of counting it as surviving", () => {
    // the short run leaves the risk set at 50, so the collapse at 100 takes 1 of 2 remaining runs
    const curve = survivalCurve([
      { onsetStep: null, lastStep: 50 },
      { onsetStep: 100, lastStep: 150 },
      { onsetStep: null, lastStep: 150 },
    ]);
    expect(curve.find((p) => p.step === 100)).toEqual({ step: 100, survival: 0.5, atRisk: 2 });
  });

  it("ends at zero when every run collapsed, counting ties together", () => {
    const curve = survivalCurve([
      { onsetStep: 40, lastStep: 150 },
      { onsetStep: 40, lastStep: 150 },
    ]);
    expect(curve).toEqual([
      { step: 0, survival: 1, atRisk: 2 },
      { step: 40, survival: 0, atRisk: 2 },
    ]);
    expect(survivalCurve([])).toEqual([]);
  });
});
