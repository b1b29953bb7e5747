import { describe, expect, it } from "vitest";
import type { FailureKind, StructuralState } from "../classifier/types";
import { aggregateStepHealth, mergeStepHealth, worstState, type StepHealth } from "./aggregate-step-health";

const turn = (state: StructuralState, ...failures: FailureKind[]) => ({ state, failures });
const zero = { healthy_tool_call: 0, healthy_response: 0, text_pollution: 0, full_collapse: 0 };

// Hand-computed: step 10/train has rollouts A (3 turns, reward 1) and C (1 turn, reward null);
// step 10/val has B; step 2/train has D (no turns, reward NaN).
const ROLLOUTS = [
  {
    step: 10,
    split: "train",
    reward: 1,
    turns: [
      turn("healthy_tool_call"),
      turn("text_pollution", "bad_json", "unclosed_tag"),
      turn("full_collapse", "bare_tag", "bare_tag"),
    ],
  },
  { step: 10, split: "val", reward: 0, turns: [turn("healthy_response")] },
  { step: 10, split: "train", reward: null, turns: [turn("text_pollution", "bad_json")] },
  { step: 2, split: "train", reward: Number.NaN, turns: [] },
];

describe("aggregateStepHealth", () => {
  it("counts rollouts, turns, states, failures and rewards per step and split, sorted", () => {
    expect(aggregateStepHealth(ROLLOUTS)).toEqual<StepHealth[]>([
      { step: 2, split: "train", rollouts: 1, turns: 0, states: zero, failures: {}, rewardSum: 0, rewardCount: 0 },
      {
        step: 10,
        split: "train",
        rollouts: 2,
        turns: 4,
        states: { healthy_tool_call: 1, healthy_response: 0, text_pollution: 2, full_collapse: 1 },
        failures: { bad_json: 2, unclosed_tag: 1, bare_tag: 1 },
        rewardSum: 1,
        rewardCount: 1,
      },
      {
        step: 10,
        split: "val",
        rollouts: 1,
        turns: 1,
        states: { ...zero, healthy_response: 1 },
        failures: {},
        rewardSum: 0,
        rewardCount: 1,
      },
    ]);
  });

  it("is empty for no rollouts", () => {
    expect(aggregateStepHealth([])).toEqual([]);
  });
});

describe("mergeStepHealth", () => {
  it("adds entries of the same step and split and keeps the others, without mutating", () => {
    const a = aggregateStepHealth(ROLLOUTS.slice(0, 2));
    const b = aggregateStepHealth(ROLLOUTS.slice(2));
    const snapshot = JSON.stringify([a, b]);
    expect(mergeStepHealth(a, b)).toEqual(aggregateStepHealth(ROLLOUTS));
    expect(JSON.stringify([a, b])).toBe(snapshot);
  });

  it("sums rewards and failure counts", () => {
    const h = (rewardSum: number, failures: StepHealth["failures"]): StepHealth => ({
      step: 1,
      split: "ood",
      rollouts: 2,
      turns: 4,
      states: { ...zero, text_pollution: 4 },
      failures,
      rewardSum,
      rewardCount: 2,
    });
    expect(mergeStepHealth([h(0.5, { junk_tail: 1 })], [h(1, { junk_tail: 2, truncated: 3 })])).toEqual([
      {
        step: 1,
        split: "ood",
        rollouts: 4,
        turns: 8,
        states: { ...zero, text_pollution: 8 },
        failures: { junk_tail: 3, truncated: 3 },
        rewardSum: 1.5,
        rewardCount: 4,
      },
    ]);
  });
});

describe("worstState", () => {
  it.each<[StructuralState[], StructuralState | null]>([
    [[], null],
    [["healthy_tool_call"], "healthy_tool_call"],
    [["healthy_tool_call", "healthy_response"], "healthy_response"],
    [["healthy_response", "text_pollution", "healthy_tool_call"], "text_pollution"],
    [["full_collapse", "text_pollution"], "full_collapse"],
    [["text_pollution", "full_collapse", "healthy_response"], "full_collapse"],
  ])("%j -> %s", (states, expected) => {
    expect(worstState(states)).toBe(expected);
  });
});
