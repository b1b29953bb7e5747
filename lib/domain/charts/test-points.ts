import type { FailureKind, StructuralState } from "../classifier/types";
import type { StepHealthPoint } from "../events/types";

/** A step-health point for tests: turns is the sum of the given state counts. */
export function healthPoint(
  step: number,
  states: Partial<Record<StructuralState, number>>,
  extra: { failures?: Partial<Record<FailureKind, number>>; meanReward?: number | null } = {},
): StepHealthPoint {
  const full = { healthy_tool_call: 0, healthy_response: 0, text_pollution: 0, full_collapse: 0, ...states };
  const turns = Object.values(full).reduce((sum, n) => sum + n, 0);
  return {
    step,
    rollouts: turns > 0 ? 1 : 0,
    turns,
    states: full,
    failures: extra.failures ?? {},
    meanReward: extra.meanReward ?? null,
  };
}
