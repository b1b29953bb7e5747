import type { FailureKind, StructuralState } from "@/lib/domain/classifier/types";
import { failureFilter } from "@/lib/domain/ingest/failure-list";
import type { Split } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";
import { ROLLOUT_INCLUDE, toRolloutRecord, type RolloutRecord } from "./rollout-record";

export type { RolloutRecord, RolloutTurnRecord } from "./rollout-record";

export type RolloutsQuery = {
  step?: number;
  split?: Split;
  state?: StructuralState;
  failure?: FailureKind;
  cursor?: number;
  limit: number;
};

export type RolloutPage = { rollouts: RolloutRecord[]; nextCursor: number | null };

/**
 * Pages through a run's rollouts in insertion order. `state` and `failure` match rollouts having at
 * least one assistant turn in that state / with that failure. `nextCursor` is null on the last page.
 */
export async function listRollouts(db: Db, runId: string, query: RolloutsQuery): Promise<RolloutPage> {
  await assertRunExists(db, runId);
  const rows = await db.rollout.findMany({
    where: {
      runId,
      step: query.step,
      split: query.split,
      id: query.cursor === undefined ? undefined : { gt: query.cursor },
      ...(query.state ? { turns: { some: { state: query.state } } } : {}),
      ...(query.failure ? { failures: { contains: failureFilter(query.failure) } } : {}),
    },
    orderBy: { id: "asc" },
    take: query.limit + 1,
    include: ROLLOUT_INCLUDE,
  });
  const page = rows.slice(0, query.limit);
  return {
    rollouts: page.map(toRolloutRecord),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}
