import { EVAL_KINDS } from "@/lib/domain/ingest/schemas";
import type { EvalTurnCount } from "@/lib/domain/evaluation/evaluation-profile";
import type { Db } from "../db";

/**
 * Eval-split assistant turns of the given runs counted by run, eval kind, turn index and state, in
 * the database: one grouped query per eval kind (Turn has no eval kind, its rollout does), so the
 * cost is the same for 30 dialogues or 30,000.
 */
export async function readEvalTurnCounts(db: Db, runIds: readonly string[]): Promise<Map<string, EvalTurnCount[]>> {
  const byKind = await Promise.all(
    [...EVAL_KINDS, null].map(async (evalKind) => {
      const rows = await db.turn.groupBy({
        by: ["runId", "turn", "state"],
        where: { runId: { in: [...runIds] }, rollout: { split: "eval", evalKind } },
        _count: { _all: true },
      });
      return rows.map((r) => ({ runId: r.runId, evalKind, turn: r.turn, state: r.state, count: r._count._all }));
    }),
  );
  const result = new Map<string, EvalTurnCount[]>(runIds.map((id) => [id, []]));
  for (const row of byKind.flat()) result.get(row.runId)?.push(row);
  return result;
}
