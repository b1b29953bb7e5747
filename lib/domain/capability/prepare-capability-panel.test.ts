import { describe, expect, it } from "vitest";
import type { CapabilityPoint, CapabilityReport } from "./capability-check";
import { prepareCapabilityPanel } from "./prepare-capability-panel";

function point(position: number, overrides: Partial<CapabilityPoint> = {}): CapabilityPoint {
  return {
    position,
    pSuppressed: 0.8,
    firstToken: { id: 12, text: '{"', pBefore: 0.1, pAfter: 0.5 },
    tokens: 3,
    callEnd: "</tool_call>",
    logLikelihoodBefore: Math.log(0.02),
    logLikelihoodAfter: Math.log(0.1),
    likelihoodBefore: 0.02,
    likelihoodAfter: 0.1,
    greedyBefore: false,
    greedyAfter: true,
    isFirstTokenSuppressed: false,
    ...overrides,
  };
}

const report = (points: CapabilityPoint[]): CapabilityReport => ({
  checkpointId: "c",
  step: 400,
  probe: "decision",
  suppressedToken: { id: 15, text: "<|im_end|>" },
  method: "teacher-forced renormalisation",
  decisionPoints: points,
});

describe("prepareCapabilityPanel", () => {
  it("labels before/after likelihoods, the gain and greedy, with the spike's decision point first", () => {
    const rows = prepareCapabilityPanel(report([point(4), point(17)]), 17);
    expect(rows.map((r) => [r.position, r.isAtSpike])).toEqual([
      [17, true],
      [4, false],
    ]);
    expect(rows[0]).toMatchObject({
      pSuppressedLabel: "0.800",
      likelihoodBeforeLabel: "0.020",
      likelihoodAfterLabel: "0.100",
      gainLabel: "×5.0",
      greedyBeforeLabel: "no",
      greedyAfterLabel: "yes",
      tokens: 3,
      note: null,
    });
  });

  it("keeps the gain when both likelihoods underflow, and explains a suppressed own token", () => {
    const tiny = point(1, {
      logLikelihoodBefore: -900,
      logLikelihoodAfter: -900 + Math.log(3),
      likelihoodBefore: 0,
      likelihoodAfter: 0,
    });
    expect(prepareCapabilityPanel(report([tiny]), null)[0]).toMatchObject({
      likelihoodBeforeLabel: "0",
      gainLabel: "×3.0",
    });
    const own = point(1, {
      isFirstTokenSuppressed: true,
      logLikelihoodAfter: null,
      likelihoodAfter: null,
      greedyAfter: null,
    });
    expect(prepareCapabilityPanel(report([own]), 1)[0]).toMatchObject({
      likelihoodAfterLabel: "—",
      gainLabel: "—",
      greedyAfterLabel: "—",
      note: expect.stringMatching(/own next token is <\|im_end\|>/),
    });
  });
});
