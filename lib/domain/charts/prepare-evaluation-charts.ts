import type { FailureKind, StructuralState } from "../classifier/types";
import type { StructureBreak } from "../evaluation/structure-break";
import { STRUCTURE_BREAK_DEFAULTS } from "../evaluation/structure-break";
import type { TurnPositionShares } from "../evaluation/turn-positions";

/** One bar of the turn-position chart: each state's share of the turns at assistant turn `position`. */
export type TurnPositionRow = { position: number; label: string; dialogues: number; isSparse: boolean } & Record<
  StructuralState,
  number
>;

export type TurnPositionChartModel = { rows: TurnPositionRow[]; breakLabel: string | null };

/**
 * Rows for the states-by-turn-position chart. Positions fewer dialogues reach than the structure-break
 * rule needs are marked sparse (drawn faded: a share of two turns says little).
 */
export function prepareTurnPositionChart(
  positions: readonly TurnPositionShares[],
  structureBreak: StructureBreak | null,
): TurnPositionChartModel {
  const rows = positions.map((p) => ({
    position: p.position,
    label: String(p.position),
    dialogues: p.turns,
    isSparse: p.turns < STRUCTURE_BREAK_DEFAULTS.minDialogues,
    ...p.shares,
  }));
  return { rows, breakLabel: structureBreak ? String(structureBreak.position) : null };
}

export type FailureKindBar = { kind: FailureKind; label: string; turns: number; share: number };

/** Failure kinds as labelled bars: the share of all assistant turns showing each, most frequent first. */
export function prepareFailureKindBars(
  kinds: readonly { kind: FailureKind; turns: number }[],
  totalTurns: number,
): FailureKindBar[] {
  return [...kinds]
    .filter((k) => k.turns > 0)
    .sort((a, b) => b.turns - a.turns || a.kind.localeCompare(b.kind))
    .map((k) => ({
      kind: k.kind,
      label: k.kind.replaceAll("_", " "),
      turns: k.turns,
      share: totalTurns === 0 ? 0 : k.turns / totalTurns,
    }));
}
