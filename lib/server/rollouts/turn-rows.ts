import type { ClassifiedTurn } from "@/lib/domain/classifier/classify-transcript";
import { encodeFailures } from "@/lib/domain/ingest/failure-list";
import { insertRows } from "../insert-rows";
import type { Tx } from "../tx";

const TURN_COLUMNS = [
  "rolloutId",
  "runId",
  "step",
  "turn",
  "messageIndex",
  "state",
  "failures",
  "spanStart",
  "spanEnd",
] as const;

export type TurnsOfRollout = { rolloutId: number; step: number; turns: readonly ClassifiedTurn[] };

/** Stores the classified assistant turns of many rollouts in a few multi-row statements. */
export async function insertTurns(tx: Tx, runId: string, rollouts: readonly TurnsOfRollout[]): Promise<void> {
  const rows = rollouts.flatMap(({ rolloutId, step, turns }) =>
    turns.map((t) => [
      rolloutId,
      runId,
      step,
      t.turn,
      t.messageIndex,
      t.state,
      encodeFailures(t.failures),
      t.span?.start ?? null,
      t.span?.end ?? null,
    ]),
  );
  await insertRows(tx, "Turn", TURN_COLUMNS, rows);
}
