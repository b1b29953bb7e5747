import type { StructuralState } from "../classifier/types";
import { emptyStateCounts, sharesOf, type StateCounts } from "./turn-positions";

/**
 * A run is an evaluation when it holds rollouts and every one is in the eval split: no train or
 * val steps (an ACEBench import, a benchmark of a finished checkpoint). `splits` are the distinct
 * splits its stored step health holds.
 */
export function isEvaluationOnly(splits: readonly string[]): boolean {
  return splits.length > 0 && splits.every((s) => s === "eval");
}

/** The stored per-step health counts an evaluation summary needs. */
export type EvalHealthRow = { rollouts: number; turns: number } & StateCounts;

/** "eval, 30 dialogues" and the state mix over all their assistant turns. */
export type EvaluationSummary = { dialogues: number; turns: number; shares: Record<StructuralState, number> };

export function summarizeEvaluation(rows: readonly EvalHealthRow[]): EvaluationSummary {
  const counts: StateCounts = emptyStateCounts();
  let dialogues = 0;
  let turns = 0;
  for (const row of rows) {
    dialogues += row.rollouts;
    turns += row.turns;
    for (const state of Object.keys(counts) as StructuralState[]) counts[state] += row[state];
  }
  return { dialogues, turns, shares: sharesOf(counts, turns) };
}
