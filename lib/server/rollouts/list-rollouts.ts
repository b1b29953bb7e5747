import type { FailureKind, StructuralState } from "@/lib/domain/classifier/types";
import { failureFilter } from "@/lib/domain/ingest/failure-list";
import type { Split } from "@/lib/domain/ingest/schemas";
import { databaseEngineOf, type Db } from "../db";
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
  const ids = await pageIds(db, runId, query);
  const rows = await db.rollout.findMany({
    where: { id: { in: ids } },
    orderBy: { id: "asc" },
    include: ROLLOUT_INCLUDE,
  });
  const page = rows.slice(0, query.limit);
  return {
    rollouts: page.map(toRolloutRecord),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * The ids of one page (and one more, to tell whether another page follows). The state filter is a
 * correlated EXISTS on the rollout's own turns (the Turn(rolloutId, turn) index, a few rows each):
 * Prisma's `turns: { some }` became `id IN (SELECT rolloutId FROM Turn WHERE state = ?)`, which reads
 * every turn of every run in that state, seconds at a million rollouts. The rest walks the
 * Rollout(runId, step) or Rollout(runId, id, failures) index without reading transcripts.
 */
async function pageIds(db: Db, runId: string, query: RolloutsQuery): Promise<number[]> {
  const isSqlite = databaseEngineOf(db) === "sqlite";
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return isSqlite ? "?" : `$${values.length}`;
  };
  const where = [`r."runId" = ${param(runId)}`];
  if (query.step !== undefined) where.push(`r."step" = ${param(query.step)}`);
  if (query.split !== undefined) where.push(`r."split" = ${param(query.split)}`);
  if (query.cursor !== undefined) where.push(`r."id" > ${param(query.cursor)}`);
  if (query.failure)
    where.push(`${isSqlite ? "instr" : "strpos"}(r."failures", ${param(failureFilter(query.failure))}) > 0`);
  if (query.state)
    where.push(`EXISTS (SELECT 1 FROM "Turn" t WHERE t."rolloutId" = r."id" AND t."state" = ${param(query.state)})`);
  const sql = `SELECT r."id" FROM "Rollout" r WHERE ${where.join(" AND ")} ORDER BY r."id" LIMIT ${param(query.limit + 1)}`;
  const rows = await db.$queryRawUnsafe<{ id: number | bigint }[]>(sql, ...values);
  return rows.map((row) => Number(row.id));
}
