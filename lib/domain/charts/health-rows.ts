import { STRUCTURAL_STATES, type StructuralState } from "../classifier/types";
import type { StepHealthPoint } from "../events/types";
import { downsampleRows, type RowValue } from "../series/downsample-rows";

/** Share of the step's assistant turns in `state` (0..1); null when the step has no turns (a gap, not 0). */
export function stateRate(point: StepHealthPoint, state: StructuralState): number | null {
  return point.turns > 0 ? point.states[state] / point.turns : null;
}

/** The series whose per-bucket extremes health downsampling keeps: the four state rates and the mean reward. */
export const HEALTH_DOWNSAMPLE_SERIES: readonly RowValue<StepHealthPoint>[] = [
  ...STRUCTURAL_STATES.map((state) => (p: StepHealthPoint) => stateRate(p, state)),
  (p: StepHealthPoint) => p.meanReward,
];

/**
 * Keeps at most `maxRows` whole steps (see downsampleRows: floor(maxRows / 10) buckets, each keeping
 * the min and max step of every state rate and of the mean reward), so a single step where the
 * healthy rate fell to 0 survives while each kept step's rates still sum to 1.
 */
export function downsampleHealth(points: readonly StepHealthPoint[], maxRows: number): StepHealthPoint[] {
  return downsampleRows(points, HEALTH_DOWNSAMPLE_SERIES, maxRows);
}
