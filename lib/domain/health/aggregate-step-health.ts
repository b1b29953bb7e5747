import { STRUCTURAL_STATES, type FailureKind, type StructuralState } from "../classifier/types";

/** Structural health of all rollouts of one training step and evaluation split. */
export type StepHealth = {
  step: number;
  split: string;
  rollouts: number;
  /** Assistant turns classified; the denominator of every state rate. */
  turns: number;
  states: Record<StructuralState, number>;
  /** Turns showing each failure kind (a turn with two kinds counts once in each). */
  failures: Partial<Record<FailureKind, number>>;
  /** Sum and count of the rewards that were reported (null rewards are left out of both). */
  rewardSum: number;
  rewardCount: number;
};

export type RolloutHealthInput = {
  step: number;
  split: string;
  reward: number | null;
  turns: readonly { state: StructuralState; failures: readonly FailureKind[] }[];
};

/** Counts turn states, failure kinds and rewards per (step, split), sorted by step then split. */
export function aggregateStepHealth(rollouts: readonly RolloutHealthInput[]): StepHealth[] {
  const byKey = new Map<string, StepHealth>();
  for (const rollout of rollouts) {
    const key = keyOf(rollout.step, rollout.split);
    let h = byKey.get(key);
    if (!h) {
      h = emptyStepHealth(rollout.step, rollout.split);
      byKey.set(key, h);
    }
    h.rollouts++;
    h.turns += rollout.turns.length;
    for (const turn of rollout.turns) {
      h.states[turn.state]++;
      for (const kind of new Set(turn.failures)) h.failures[kind] = (h.failures[kind] ?? 0) + 1;
    }
    // NaN/Infinity would poison every later mean; treat them like a missing reward.
    if (rollout.reward !== null && Number.isFinite(rollout.reward)) {
      h.rewardSum += rollout.reward;
      h.rewardCount++;
    }
  }
  return sortHealth([...byKey.values()]);
}

/**
 * Combines two aggregations (e.g. an existing one and a new ingestion batch): entries with the same
 * step and split have all their counts and reward sums added; others are kept. Inputs are not mutated.
 */
export function mergeStepHealth(a: readonly StepHealth[], b: readonly StepHealth[]): StepHealth[] {
  const byKey = new Map<string, StepHealth>();
  for (const h of [...a, ...b]) {
    const key = keyOf(h.step, h.split);
    const acc = byKey.get(key) ?? emptyStepHealth(h.step, h.split);
    acc.rollouts += h.rollouts;
    acc.turns += h.turns;
    for (const state of STRUCTURAL_STATES) acc.states[state] += h.states[state];
    for (const [kind, count] of Object.entries(h.failures) as [FailureKind, number][]) {
      acc.failures[kind] = (acc.failures[kind] ?? 0) + count;
    }
    acc.rewardSum += h.rewardSum;
    acc.rewardCount += h.rewardCount;
    byKey.set(key, acc);
  }
  return sortHealth([...byKey.values()]);
}

/**
 * The worst state among a rollout's turns, or null for none. full_collapse is worst, then
 * text_pollution; of the healthy states a text answer ranks below a tool call, because collapse in
 * tool-use RL shows first as the model no longer calling tools, so "all turns are healthy calls" is the
 * best summary. This is the order of STRUCTURAL_STATES (worst last).
 */
export function worstState(states: readonly StructuralState[]): StructuralState | null {
  let worst: StructuralState | null = null;
  for (const state of states) if (worst === null || severity(state) > severity(worst)) worst = state;
  return worst;
}

function severity(state: StructuralState): number {
  switch (state) {
    case "healthy_tool_call":
      return 0;
    case "healthy_response":
      return 1;
    case "text_pollution":
      return 2;
    case "full_collapse":
      return 3;
    default:
      return assertNever(state);
  }
}

function emptyStepHealth(step: number, split: string): StepHealth {
  return { step, split, rollouts: 0, turns: 0, states: zeroStates(), failures: {}, rewardSum: 0, rewardCount: 0 };
}

function zeroStates(): Record<StructuralState, number> {
  return { healthy_tool_call: 0, healthy_response: 0, text_pollution: 0, full_collapse: 0 };
}

function keyOf(step: number, split: string): string {
  return `${step}\u0000${split}`;
}

function sortHealth(list: StepHealth[]): StepHealth[] {
  return list.sort((x, y) => x.step - y.step || (x.split < y.split ? -1 : x.split > y.split ? 1 : 0));
}

function assertNever(value: never): never {
  throw new Error(`unexpected state: ${String(value)}`);
}
