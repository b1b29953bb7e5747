import { describe, expect, it } from "vitest";
import type { PositionStats } from "../traces/pack-trace";
import { checkCapability, resolveSuppressedToken, type CapabilityTraceInput } from "./capability-check";

const IM_END = { id: 15, text: "<|im_end|>" };
const LBRACE = { id: 12, text: '{"' };
const TRACKED = [IM_END, LBRACE];
const VOCAB = { 10: "<tool_call>", 11: "\n", 12: '{"', 13: "name", 14: "</tool_call>", 15: "<|im_end|>", 16: "!" };

/** One position: p of the actual next token, P(<|im_end|>), P({") and the top list (id:p pairs). */
function at(pNext: number | null, pImEnd: number, pLbrace: number, top: [number, number][]): PositionStats {
  return { pNext, entropy: 1, tracked: [pImEnd, pLbrace], top: top.map(([id, p]) => ({ id, p })) };
}

function trace(tokenIds: number[], stats: PositionStats[], decisionPositions = [1]): CapabilityTraceInput {
  return { tokenIds, stats, trackedTokens: TRACKED, vocab: VOCAB, decisionPositions };
}

// `<tool_call>` `\n` | `{"` `name` `</tool_call>` `<|im_end|>`: the decision point is position 1.
const COLLAPSING = trace(
  [10, 11, 12, 13, 14, 15],
  [
    at(0.9, 0, 0, [[11, 0.9]]),
    at(0.1, 0.8, 0.1, [
      [15, 0.8],
      [12, 0.1],
      [16, 0.05],
    ]),
    at(0.5, 0, 0, [
      [13, 0.5],
      [16, 0.2],
    ]),
    at(0.4, 0, 0, [
      [14, 0.4],
      [16, 0.3],
    ]),
    at(0.6, 0.6, 0, [[15, 0.6]]),
    at(null, 0, 0, []),
  ],
);

describe("checkCapability", () => {
  it("removes P(<|im_end|>) = 0.8 at the decision point: the call becomes 5x as likely and greedy decoding writes it", () => {
    const [point, ...rest] = checkCapability(COLLAPSING, IM_END);
    expect(rest).toEqual([]);
    expect(point).toMatchObject({
      position: 1,
      pSuppressed: 0.8,
      tokens: 3,
      callEnd: "</tool_call>",
      greedyBefore: false,
      greedyAfter: true,
      isFirstTokenSuppressed: false,
    });
    expect(point!.firstToken).toMatchObject({ id: 12, text: '{"', pBefore: 0.1 });
    expect(point!.firstToken.pAfter).toBeCloseTo(0.5, 12);
    // 0.1 x 0.5 x 0.4 = 0.02 before; 0.5 x 0.5 x 0.4 = 0.1 after.
    expect(point!.likelihoodBefore).toBeCloseTo(0.02, 12);
    expect(point!.likelihoodAfter).toBeCloseTo(0.1, 12);
    expect(point!.logLikelihoodBefore).toBeCloseTo(Math.log(0.02), 12);
    expect(point!.logLikelihoodAfter! - point!.logLikelihoodBefore).toBeCloseTo(Math.log(5), 12);
  });

  it("keeps greedy false after suppression when a token other than the suppressed one still outranks the call", () => {
    const [point] = checkCapability(COLLAPSING, LBRACE);
    // Suppressing {" itself: the probe's own next token is the suppressed one, nothing to rescore.
    expect(point).toMatchObject({
      isFirstTokenSuppressed: true,
      pSuppressed: 0.1,
      logLikelihoodAfter: null,
      likelihoodAfter: null,
      greedyAfter: null,
    });
    expect(point!.firstToken.pAfter).toBeNull();
    expect(point!.likelihoodBefore).toBeCloseTo(0.02, 12);

    const outranked = trace(
      [10, 11, 12, 13, 14],
      [
        at(0.9, 0, 0, [[11, 0.9]]),
        at(0.2, 0.5, 0.2, [
          [15, 0.5],
          [16, 0.25],
          [12, 0.2],
        ]),
        at(0.5, 0, 0, [[13, 0.5]]),
        at(0.5, 0, 0, [[14, 0.5]]),
        at(null, 0, 0, []),
      ],
    );
    const [after] = checkCapability(outranked, IM_END);
    expect(after).toMatchObject({ greedyBefore: false, greedyAfter: false, tokens: 3 });
    expect(after!.firstToken.pAfter).toBeCloseTo(0.4, 12);
    expect(after!.likelihoodAfter).toBeCloseTo(0.1, 12);
  });

  it("ends the call at <|im_end|> when the turn closes first, and at the probe's end when neither comes", () => {
    const turnEnds = trace(
      [10, 11, 16, 15, 14],
      [
        at(0.9, 0, 0, [[11, 0.9]]),
        at(0.3, 0.4, 0, [[16, 0.3]]),
        at(0.25, 0.25, 0, [[15, 0.25]]),
        at(0.5, 0, 0, [[14, 0.5]]),
        at(null, 0, 0, []),
      ],
    );
    const [byTurn] = checkCapability(turnEnds, IM_END);
    expect(byTurn).toMatchObject({ callEnd: "<|im_end|>", tokens: 2, greedyBefore: true, greedyAfter: true });
    expect(byTurn!.likelihoodBefore).toBeCloseTo(0.075, 12);
    expect(byTurn!.likelihoodAfter).toBeCloseTo(0.125, 12);

    const cut = trace(
      [10, 11, 13, 13],
      [at(0.9, 0, 0, []), at(0.5, 0.5, 0, []), at(0.5, 0, 0, []), at(null, 0, 0, [])],
    );
    expect(checkCapability(cut, IM_END)[0]).toMatchObject({ callEnd: "probe end", tokens: 2, greedyBefore: false });
  });

  it("reports one entry per decision point and leaves out one at the probe's last token", () => {
    const twoTurns = trace(
      [11, 12, 14, 11, 12],
      [at(0.5, 0.5, 0.5, []), at(0.5, 0, 0, []), at(0.5, 0, 0, []), at(0.25, 0.5, 0.25, []), at(null, 0, 0, [])],
      [0, 3, 4],
    );
    const points = checkCapability(twoTurns, IM_END);
    expect(points.map((p) => [p.position, p.tokens, p.callEnd])).toEqual([
      [0, 2, "</tool_call>"],
      [3, 1, "probe end"],
    ]);
    expect(points[1]!.likelihoodAfter).toBeCloseTo(0.5, 12);
  });

  it("gives no 'after' values when P(suppressed) rounds to 1, and refuses an untracked token", () => {
    const certain = trace([10, 11, 12], [at(1, 0, 0, []), at(1e-9, 1, 0, []), at(null, 0, 0, [])]);
    expect(checkCapability(certain, IM_END)[0]).toMatchObject({
      pSuppressed: 1,
      likelihoodAfter: null,
      greedyAfter: null,
      isFirstTokenSuppressed: false,
    });
    expect(() => checkCapability(certain, { id: 99, text: "<think>" })).toThrow(/not tracked/);
  });
});

describe("resolveSuppressedToken", () => {
  it("takes the requested token by text or id, else the spike's token, else <|im_end|>", () => {
    expect(resolveSuppressedToken(TRACKED, '{"', "<|im_end|>")).toEqual(LBRACE);
    expect(resolveSuppressedToken(TRACKED, "12", null)).toEqual(LBRACE);
    expect(resolveSuppressedToken(TRACKED, "<think>", null)).toBeNull();
    expect(resolveSuppressedToken(TRACKED, undefined, '{"')).toEqual(LBRACE);
    expect(resolveSuppressedToken(TRACKED, undefined, null)).toEqual(IM_END);
  });
});
