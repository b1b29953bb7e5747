import type { ClassifiedTurn } from "@/lib/domain/classifier/classify-transcript";
import { encodeFailures } from "@/lib/domain/ingest/failure-list";

/** Turn table rows for one rollout's classified assistant turns. */
export function turnRows(rolloutId: number, runId: string, step: number, turns: readonly ClassifiedTurn[]) {
  return turns.map((t) => ({
    rolloutId,
    runId,
    step,
    turn: t.turn,
    messageIndex: t.messageIndex,
    state: t.state,
    failures: encodeFailures(t.failures),
    spanStart: t.span?.start ?? null,
    spanEnd: t.span?.end ?? null,
  }));
}
