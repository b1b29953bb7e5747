import { describe, expect, it } from "vitest";
import { compareRow, summarizeRegimes, type CompareRunFacts } from "./compare-table";

const states = (healthy: number, collapse: number, other = 0) => ({
  healthy_tool_call: healthy,
  healthy_response: other,
  text_pollution: 0,
  full_collapse: collapse,
});
const NO_EVAL = { in_distribution: null, format_ood: null, content_ood: null };

function facts(overrides: Partial<CompareRunFacts>): CompareRunFacts {
  return {
    id: "r1",
    name: "run",
    regime: "vanilla_rl",
    scheme: "none",
    isDemo: false,
    collapseStatus: "stable",
    collapseOnsetStep: null,
    mainSplit: "train",
    health: [],
    score: [],
    evalScores: NO_EVAL,
    firstSpike: null,
    ...overrides,
  };
}

describe("compareRow", () => {
  it("computes the minimum healthy rate over steps with enough turns, the spike lead and the final state mix", () => {
    const row = compareRow(
      facts({
        collapseStatus: "collapsed",
        collapseOnsetStep: 82,
        health: [
          { step: 0, turns: 10, states: states(9, 0, 1) },
          { step: 1, turns: 4, states: states(0, 4) }, // too few turns for the minimum rate
          { step: 2, turns: 10, states: states(2, 8) },
        ],
        firstSpike: { step: 75, source: "logged_probe", token: "<|im_end|>" },
      }),
    );
    expect(row.minHealthyToolCallRate).toBeCloseTo(0.2, 12);
    expect(row.spikeLeadSteps).toBe(7);
    expect(row.lastStep).toBe(2);
    // last 10 steps with turns: 24 turns, 11 healthy calls, 12 collapsed, 1 response
    expect(row.stateMix).toEqual({
      turns: 24,
      steps: 3,
      healthy_tool_call: 11 / 24,
      healthy_response: 1 / 24,
      text_pollution: 0,
      full_collapse: 12 / 24,
    });
  });

  it("leaves the lead empty without an onset, and everything empty for a run without data", () => {
    const row = compareRow(facts({ firstSpike: { step: 10, source: "checkpoint_replay", token: "<tool_call>" } }));
    expect(row).toMatchObject({
      firstSpikeStep: 10,
      spikeLeadSteps: null,
      minHealthyToolCallRate: null,
      stateMix: null,
      bestScore: null,
      lastStep: null,
    });
  });
});

describe("summarizeRegimes", () => {
  it("averages seeds per regime with their spread and a survival curve over judged runs", () => {
    const rows = [
      compareRow(
        facts({
          id: "a",
          regime: "vanilla_rl",
          collapseStatus: "collapsed",
          collapseOnsetStep: 60,
          health: [{ step: 100, turns: 10, states: states(1, 9) }],
        }),
      ),
      compareRow(
        facts({
          id: "b",
          regime: "vanilla_rl",
          collapseStatus: "collapsed",
          collapseOnsetStep: 80,
          health: [{ step: 100, turns: 10, states: states(3, 7) }],
        }),
      ),
      compareRow(
        facts({
          id: "c",
          regime: "vanilla_rl",
          collapseStatus: "stable",
          health: [{ step: 100, turns: 10, states: states(9, 1) }],
        }),
      ),
      compareRow(
        facts({
          id: "d",
          regime: null,
          collapseStatus: "insufficient_data",
          mainSplit: "eval",
          health: [{ step: 0, turns: 10, states: states(5, 5) }],
        }),
      ),
    ];
    const [vanilla, unlabelled] = summarizeRegimes(rows);
    expect(vanilla).toMatchObject({ regime: "vanilla_rl", runs: 3, judged: 3, collapsed: 2 });
    expect(vanilla!.collapseOnsetStep).toEqual({ mean: 70, sd: expect.closeTo(Math.sqrt(200), 9), n: 2 });
    expect(vanilla!.minHealthyToolCallRate.mean).toBeCloseTo((0.1 + 0.3 + 0.9) / 3, 12);
    expect(vanilla!.survival.map((p) => p.step)).toEqual([0, 60, 80, 100]);
    [1, 2 / 3, 1 / 3, 1 / 3].forEach((expected, i) => expect(vanilla!.survival[i]!.survival).toBeCloseTo(expected, 12));
    expect(unlabelled).toMatchObject({ regime: "unlabelled", runs: 1, judged: 0, collapsed: 0, survival: [] });
    expect(unlabelled!.stateMix.full_collapse).toEqual({ mean: 0.5, sd: null, n: 1 });
  });
});
