import { brokenShare, type TurnPositionCounts } from "./turn-positions";

/**
 * The structure-break rule (README, "Evaluation runs"): the first assistant-turn position that at
 * least `minDialogues` dialogues reach and where at least `minBrokenShare` of those dialogues' turns
 * are broken (text pollution or full collapse). Defaults: 5 dialogues, 50%. The floor keeps a few
 * long dialogues' late turns from declaring a break on their own; half the turns broken is the point
 * where a broken turn is the typical turn at that depth of the dialogue.
 */
export type StructureBreakRule = { minDialogues: number; minBrokenShare: number };
export const STRUCTURE_BREAK_DEFAULTS: StructureBreakRule = { minDialogues: 5, minBrokenShare: 0.5 };

export type StructureBreak = { position: number; dialogues: number; brokenShare: number };

/** Null when no position qualifies: the structure held (or too few dialogues went deep enough to say). */
export function findStructureBreak(
  positions: readonly TurnPositionCounts[],
  { minDialogues, minBrokenShare }: StructureBreakRule = STRUCTURE_BREAK_DEFAULTS,
): StructureBreak | null {
  const sorted = [...positions].sort((a, b) => a.position - b.position);
  for (const row of sorted) {
    if (row.turns < minDialogues) continue;
    const share = brokenShare(row);
    if (share >= minBrokenShare) return { position: row.position, dialogues: row.turns, brokenShare: share };
  }
  return null;
}
