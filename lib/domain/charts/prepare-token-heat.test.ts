import { describe, expect, it } from "vitest";
import { HEAT_BINS, heatBin, prepareTokenHeat, showText, type HeatTraceInput } from "./prepare-token-heat";

const token = (id: number, text: string, imEnd: number, extra: Partial<HeatTraceInput["tokens"][number]> = {}) => ({
  id,
  text,
  pNext: 0.9,
  entropy: 0.25,
  control: { "<tool_call>": 0.01, "<|im_end|>": imEnd },
  top: [{ id: 1, text: "a", p: 0.9 }],
  ...extra,
});

const trace: HeatTraceInput = {
  tokens: [token(151657, "<tool_call>", 1e-6), token(198, "\n", 0.6), token(4913, '{"', 2e-3, { pNext: null })],
  decisionPoints: [{ position: 1 }],
};

describe("heatBin", () => {
  it("puts probabilities on a log scale, two bins per decade from 1e-4", () => {
    expect([heatBin(null), heatBin(Number.NaN), heatBin(0), heatBin(5e-5)]).toEqual([0, 0, 0, 0]);
    expect(heatBin(1e-4)).toBe(1);
    expect(heatBin(3.2e-4)).toBe(2);
    expect(heatBin(0.01)).toBe(5);
    expect(heatBin(0.5)).toBe(HEAT_BINS);
    expect(heatBin(1)).toBe(HEAT_BINS);
  });
});

describe("prepareTokenHeat", () => {
  it("colours token i by its own entry's control probability (the next position), default <|im_end|>", () => {
    const model = prepareTokenHeat(trace);
    expect(model.token).toBe("<|im_end|>");
    expect(model.controlTokens).toEqual(["<tool_call>", "<|im_end|>"]);
    expect(model.tokens.map((t) => t.bin)).toEqual([0, 8, 3]);
    expect(model.tokens[1]).toMatchObject({
      position: 1,
      p: 0.6,
      pLabel: "0.600",
      nextText: '{"',
      isDecisionPoint: true,
    });
    expect(model.peak).toEqual({ position: 1, pLabel: "0.600" });
    const expected = prepareTokenHeat({
      tokens: [token(1, "a", 0.9), token(151645, "<|im_end|>", 0.1), token(2, "b", 0.2)],
      decisionPoints: [],
    });
    expect(expected.peak).toEqual({ position: 2, pLabel: "0.200" });
  });

  it("switches to a chosen control token and reports one the trace does not track", () => {
    expect(prepareTokenHeat(trace, "<tool_call>").tokens.map((t) => t.p)).toEqual([0.01, 0.01, 0.01]);
    const unknown = prepareTokenHeat(trace, "</tool_call>");
    expect(unknown).toMatchObject({ token: "<|im_end|>", unknownToken: "</tool_call>" });
  });

  it("splits newlines for display and formats the hover details", () => {
    const model = prepareTokenHeat({
      tokens: [token(5, "a\nb", 0.1), token(6, "", 0.1, { entropy: Number.NaN })],
      decisionPoints: [],
    });
    expect(model.tokens[0]).toMatchObject({
      lines: ["a", "b"],
      pNextLabel: "0.900",
      entropyLabel: "0.250 nats",
      top: [{ text: "a", pLabel: "0.900" }],
    });
    expect(model.tokens[1]).toMatchObject({ lines: ["∅"], label: "∅", entropyLabel: "—", nextText: null });
    expect(model.tokens[0]).toMatchObject({ label: "a↵b", nextText: "∅" });
    expect([showText(" the"), showText("  "), showText("\t\n")]).toEqual([" the", "␣␣", "⇥↵"]);
    expect(model.legend).toHaveLength(HEAT_BINS);
  });

  it("handles an empty trace", () => {
    expect(prepareTokenHeat({ tokens: [], decisionPoints: [] })).toMatchObject({
      tokens: [],
      controlTokens: [],
      peak: null,
      token: "<|im_end|>",
    });
  });
});
