import { FAILURE_KINDS, type FailureKind, type StructuralState } from "../classifier/types";
import { worstState } from "../health/aggregate-step-health";
import { BROKEN_STATES } from "./turn-positions";

/** Most dialogues an evaluation's per-dialogue table lists; the aggregates above it cover every dialogue. */
export const MAX_LISTED_DIALOGUES = 500;

/** One classified assistant turn of a dialogue: 0-based `turn` index among its assistant turns. */
export type DialogueTurn = { turn: number; state: StructuralState; failures: readonly FailureKind[] };

export type DialogueSummary = {
  /** assistant turns */
  turns: number;
  worstState: StructuralState | null;
  /** 1-based position of the first broken turn (text pollution or full collapse), null when none broke */
  firstFailingTurn: number | null;
  /** every failure kind any turn showed, in the taxonomy's order */
  failureKinds: FailureKind[];
};

/** What the per-dialogue table shows about one evaluation dialogue, from its classified turns. */
export function summarizeDialogue(turns: readonly DialogueTurn[]): DialogueSummary {
  const ordered = [...turns].sort((a, b) => a.turn - b.turn);
  const firstBroken = ordered.find((t) => BROKEN_STATES.includes(t.state));
  const kinds = new Set(ordered.flatMap((t) => t.failures));
  return {
    turns: ordered.length,
    worstState: worstState(ordered.map((t) => t.state)),
    firstFailingTurn: firstBroken ? firstBroken.turn + 1 : null,
    failureKinds: FAILURE_KINDS.filter((k) => kinds.has(k)),
  };
}
