import { STRUCTURAL_STATES, type StructuralState } from "../classifier/types";

/** How many assistant turns at one position (or in one group) were in each structural state. */
export type StateCounts = Record<StructuralState, number>;

/** Turns counted at assistant turn `position` (1-based) across dialogues: each dialogue has at most one turn there. */
export type TurnPositionCounts = { position: number; turns: number; counts: StateCounts };

/** The same with each state's share of the turns at that position (shares sum to 1). */
export type TurnPositionShares = TurnPositionCounts & { shares: Record<StructuralState, number> };

/** One stored count: turns at 0-based `turn` index in state `state` (a grouped query's row). */
export type TurnStateCount = { turn: number; state: string; count: number };

export const BROKEN_STATES: readonly StructuralState[] = ["text_pollution", "full_collapse"];

export function emptyStateCounts(): StateCounts {
  return { healthy_tool_call: 0, healthy_response: 0, text_pollution: 0, full_collapse: 0 };
}

export function isStructuralState(state: string): state is StructuralState {
  return (STRUCTURAL_STATES as readonly string[]).includes(state);
}

/**
 * Per assistant-turn position (1, 2, 3, ... in each dialogue), how many turns were in each state
 * and each state's share, from grouped counts of 0-based turn indexes. Positions with no turns are
 * left out; rows come back in position order. Unknown state names are ignored.
 */
export function turnPositionShares(rows: readonly TurnStateCount[]): TurnPositionShares[] {
  const byPosition = new Map<number, StateCounts>();
  for (const row of rows) {
    if (!isStructuralState(row.state) || row.count <= 0) continue;
    const counts = byPosition.get(row.turn + 1) ?? emptyStateCounts();
    counts[row.state] += row.count;
    byPosition.set(row.turn + 1, counts);
  }
  return [...byPosition]
    .sort(([a], [b]) => a - b)
    .map(([position, counts]) => {
      const turns = STRUCTURAL_STATES.reduce((n, s) => n + counts[s], 0);
      return { position, turns, counts, shares: sharesOf(counts, turns) };
    });
}

/** Each state's share of `turns` (all zero when there are none). */
export function sharesOf(
  counts: StateCounts,
  turns = STRUCTURAL_STATES.reduce((n, s) => n + counts[s], 0),
): Record<StructuralState, number> {
  return Object.fromEntries(STRUCTURAL_STATES.map((s) => [s, turns === 0 ? 0 : counts[s] / turns])) as Record<
    StructuralState,
    number
  >;
}

/** Share of the turns at a position that are broken (text pollution or full collapse). */
export function brokenShare(row: TurnPositionCounts): number {
  return row.turns === 0 ? 0 : BROKEN_STATES.reduce((n, s) => n + row.counts[s], 0) / row.turns;
}
