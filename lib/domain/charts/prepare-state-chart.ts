import { STRUCTURAL_STATES, type StructuralState } from "../classifier/types";
import type { StepHealthPoint } from "../events/types";
import { stateRate } from "./health-rows";

/** One step: each state's share of the step's assistant turns (0..1, summing to 1), or null for a step without turns. */
export type StateChartRow = { step: number; turns: number } & Record<StructuralState, number | null>;

export type StateChartModel = {
  rows: StateChartRow[];
  /** Stack order, bottom to top: healthy first, so collapse grows down from the top. */
  states: readonly StructuralState[];
  yDomain: [0, 1];
  yLabel: string;
};

/** Stacked-area model of structural states per step. Points must be sorted by step (the server sends them so). */
export function prepareStateChart(points: readonly StepHealthPoint[]): StateChartModel {
  const rows = points.map((point) => {
    const row = { step: point.step, turns: point.turns } as StateChartRow;
    for (const state of STRUCTURAL_STATES) row[state] = stateRate(point, state);
    return row;
  });
  return { rows, states: STRUCTURAL_STATES, yDomain: [0, 1], yLabel: "share of assistant turns" };
}
