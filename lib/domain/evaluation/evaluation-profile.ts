import { STRUCTURAL_STATES, type StructuralState } from "../classifier/types";
import { EVAL_KINDS, type EvalKind } from "../ingest/schemas";
import { findStructureBreak, type StructureBreak } from "./structure-break";
import { turnPositionShares, type TurnPositionShares, type TurnStateCount } from "./turn-positions";

/** Grouped turn counts of one evaluation run, by the eval kind of their dialogue (null: not labelled). */
export type EvalTurnCount = TurnStateCount & { evalKind: string | null };

export type EvalKindMix = { evalKind: EvalKind | null; turns: number; shares: Record<StructuralState, number> };

/** The shape of an evaluation: state mix per eval kind, states by turn position, where structure broke. */
export type EvaluationProfile = {
  turns: number;
  byKind: EvalKindMix[];
  positions: TurnPositionShares[];
  structureBreak: StructureBreak | null;
};

/** Eval kinds in the paper's order (in-distribution, format OOD, content OOD), unlabelled last. */
export function evaluationProfile(rows: readonly EvalTurnCount[]): EvaluationProfile {
  const positions = turnPositionShares(rows);
  const kinds = [...EVAL_KINDS, null].filter((kind) => rows.some((r) => r.evalKind === kind));
  const byKind = kinds.map((evalKind) => {
    const kindRows = rows.filter((r) => r.evalKind === evalKind).map((r) => ({ ...r, turn: 0 }));
    const all = turnPositionShares(kindRows)[0];
    return { evalKind, turns: all?.turns ?? 0, shares: all?.shares ?? zeroShares() };
  });
  return {
    turns: positions.reduce((n, p) => n + p.turns, 0),
    byKind,
    positions,
    structureBreak: findStructureBreak(positions),
  };
}

function zeroShares(): Record<StructuralState, number> {
  return Object.fromEntries(STRUCTURAL_STATES.map((s) => [s, 0])) as Record<StructuralState, number>;
}
