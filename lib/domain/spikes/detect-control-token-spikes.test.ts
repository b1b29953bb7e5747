import { describe, expect, it } from "vitest";
import { detectControlTokenSpikes, type ProbeTrace } from "./detect-control-token-spikes";

const IM_END = 151645;
const TOOL_CALL = 151657;
const TRACKED = [TOOL_CALL, IM_END];

/** Four positions; the model's next tokens are {"  x  <|im_end|>  (end). */
const NEXT = [4913, 87, IM_END, -1];

function trace(step: number, imEndAtDecision: number): ProbeTrace {
  return {
    step,
    tracked: [
      [0.001, imEndAtDecision],
      [0.002, 0.001],
      [0.01, 0.9],
      [0.001, 0.001],
    ],
  };
}

describe("detectControlTokenSpikes", () => {
  it("flags the checkpoint where P(<|im_end|>) at the decision point jumps, and only that one", () => {
    const traces = [trace(100, 0.002), trace(200, 0.003), trace(300, 0.002), trace(400, 0.4), trace(500, 0.45)];
    const spikes = detectControlTokenSpikes(traces, TRACKED, NEXT);
    expect(spikes).toEqual([
      { step: 400, position: 0, tokenId: IM_END, p: 0.4, baseline: 0.003, foldChange: 0.4 / 0.003 },
    ]);
  });

  it("ignores the token that actually comes next, however its probability moves", () => {
    const traces = [
      trace(1, 0.001),
      {
        step: 2,
        tracked: [
          [0.001, 0.001],
          [0.001, 0.001],
          [0.001, 0.001],
          [0.001, 0.001],
        ],
      },
      trace(3, 0.001),
    ];
    expect(detectControlTokenSpikes(traces, TRACKED, NEXT)).toEqual([]);
  });

  it("needs both the absolute level and the fold change", () => {
    const small = [trace(1, 0.0001), trace(2, 0.04)]; // 400x but below 5%
    expect(detectControlTokenSpikes(small, TRACKED, NEXT)).toEqual([]);
    const modest = [trace(1, 0.1), trace(2, 0.6)]; // 60% but only 6x
    expect(detectControlTokenSpikes(modest, TRACKED, NEXT)).toEqual([]);
    expect(detectControlTokenSpikes(modest, TRACKED, NEXT, { minFoldChange: 5 }).map((s) => s.step)).toEqual([2]);
  });

  it("compares with the last `window` checkpoints only, and never spikes on the first or on NaN", () => {
    const traces = [trace(1, 0.5), trace(2, 0.001), trace(3, 0.001), trace(4, 0.001), trace(5, 0.5)];
    expect(detectControlTokenSpikes(traces, TRACKED, NEXT).map((s) => s.step)).toEqual([5]);
    expect(detectControlTokenSpikes(traces, TRACKED, NEXT, { window: 4 })).toEqual([]);
    expect(detectControlTokenSpikes([trace(1, 0.9)], TRACKED, NEXT)).toEqual([]);
    expect(detectControlTokenSpikes([trace(1, 0.001), trace(2, Number.NaN)], TRACKED, NEXT)).toEqual([]);
  });
});
