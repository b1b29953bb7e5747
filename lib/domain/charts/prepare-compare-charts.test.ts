import { describe, expect, it } from "vitest";
import { overlayRows, sftBands, survivalRows } from "./prepare-compare-charts";

describe("overlayRows", () => {
  it("puts each line's points under its key on a shared step axis", () => {
    const rows = overlayRows([
      {
        key: "a",
        points: [
          { step: 0, value: 1 },
          { step: 2, value: 0.5 },
        ],
      },
      { key: "b", points: [{ step: 1, value: 0.9 }] },
    ]);
    expect(rows).toEqual([
      { step: 0, a: 1, b: null },
      { step: 1, a: null, b: 0.9 },
      { step: 2, a: 0.5, b: null },
    ]);
  });
});

describe("sftBands", () => {
  it("lists each regime's SFT phases once, however many seeds share them", () => {
    const phases = [
      { kind: "rl" as const, startStep: 0, endStep: 37 },
      { kind: "sft" as const, startStep: 38, endStep: 49 },
    ];
    expect(
      sftBands([
        { regime: "ets", phases },
        { regime: "ets", phases },
        { regime: "vanilla_rl", phases: [] },
      ]),
    ).toEqual([{ regime: "ets", startStep: 38, endStep: 49 }]);
  });
});

describe("survivalRows", () => {
  it("carries each curve forward between its points and ends it at its last point", () => {
    const rows = survivalRows([
      {
        regime: "vanilla_rl",
        points: [
          { step: 0, survival: 1, atRisk: 2 },
          { step: 60, survival: 0.5, atRisk: 2 },
          { step: 80, survival: 0, atRisk: 1 },
        ],
      },
      {
        regime: "ets",
        points: [
          { step: 0, survival: 1, atRisk: 2 },
          { step: 149, survival: 1, atRisk: 2 },
        ],
      },
    ]);
    expect(rows).toEqual([
      { step: 0, vanilla_rl: 1, ets: 1 },
      { step: 60, vanilla_rl: 0.5, ets: 1 },
      { step: 80, vanilla_rl: 0, ets: 1 },
      { step: 149, vanilla_rl: null, ets: 1 },
    ]);
  });
});
