import type Database from "better-sqlite3";
import { encodeFailures } from "@/lib/domain/ingest/failure-list";
import type { StorableRollout, StoredTurn } from "@/lib/domain/ingest/prepare-rollout";
import { postgresClientOf } from "../postgres-transaction-client";
import { prepared } from "../sqlite-statements";
import type { Tx } from "../tx";

/**
 * Bulk inserts of classified rollouts and their turns, one per engine: SQLite runs cached prepared
 * statements on the client's own connection (`sqlite`, so inside the caller's transaction); PostgreSQL
 * gets each table's rows as one JSON parameter, sent by pg on the transaction's own connection
 * (`postgresClientOf`). Prisma's createManyAndReturn bound every value one parameter at a time and
 * cost ten times what the database did (1.5 ms per rollout).
 */
const ROLLOUT_COLUMNS = `"runId", "step", "sampleId", "split", "evalKind", "transcript", "format", "reward", "source",
  "meta", "tools", "isTruncated", "isOffPolicy", "turnCount", "worstState", "failures"`;
const TURN_COLUMNS = `"rolloutId", "runId", "step", "turn", "messageIndex", "state", "failures", "spanStart", "spanEnd"`;

/** Inserts rollouts (none of them stored yet) with their turns. */
export async function insertRolloutRows(
  sqlite: Database.Database | null,
  tx: Tx,
  runId: string,
  rollouts: readonly StorableRollout[],
  source: string,
): Promise<void> {
  if (sqlite) return insertSqlite(sqlite, runId, rollouts, source);
  return insertPostgres(tx, runId, rollouts, source);
}

function insertSqlite(
  sqlite: Database.Database,
  runId: string,
  rollouts: readonly StorableRollout[],
  source: string,
): void {
  // Prisma's own format for DateTime on SQLite, so rows read back alike whoever wrote them.
  const createdAt = new Date().toISOString().replace("Z", "+00:00");
  const insertRollout = prepared(
    sqlite,
    `INSERT INTO "Rollout" (${ROLLOUT_COLUMNS}, "createdAt") VALUES (${marks(17)})`,
  );
  const insertTurn = prepared(sqlite, `INSERT INTO "Turn" (${TURN_COLUMNS}) VALUES (${marks(9)})`);
  for (const r of rollouts) {
    const { lastInsertRowid } = insertRollout.run(
      runId,
      r.step,
      r.sampleId,
      r.split,
      r.evalKind,
      r.transcript,
      r.format,
      r.reward,
      source,
      JSON.stringify(r.meta),
      r.tools ? JSON.stringify(r.tools) : null,
      r.isTruncated ? 1 : 0,
      r.isOffPolicy ? 1 : 0,
      r.turns.length,
      r.worstState,
      encodeFailures(r.failures),
      createdAt,
    );
    const rolloutId = Number(lastInsertRowid);
    for (const t of r.turns) {
      insertTurn.run(
        rolloutId,
        runId,
        r.step,
        t.turn,
        t.messageIndex,
        t.state,
        encodeFailures(t.failures),
        t.span?.start ?? null,
        t.span?.end ?? null,
      );
    }
  }
}

async function insertPostgres(
  tx: Tx,
  runId: string,
  rollouts: readonly StorableRollout[],
  source: string,
): Promise<void> {
  const rows = rollouts.map((r, i) => ({
    i,
    st: r.step,
    sa: r.sampleId,
    sp: r.split,
    ek: r.evalKind,
    tr: r.transcript,
    fo: r.format,
    re: r.reward,
    me: JSON.stringify(r.meta),
    to: r.tools ? JSON.stringify(r.tools) : null,
    it: r.isTruncated,
    op: r.isOffPolicy,
    tc: r.turns.length,
    ws: r.worstState,
    fa: encodeFailures(r.failures),
  }));
  const client = await postgresClientOf(tx);
  // Ids come back keyed by the row's position in the batch ("i"): RETURNING does not promise input order.
  const { rows: created } = await client.query<{ id: number; i: number }>(
    `WITH input AS (SELECT * FROM json_to_recordset($3::json) AS x("i" int, "st" int, "sa" text, "sp" text, "ek" text,
       "tr" text, "fo" text, "re" double precision, "me" text, "to" text, "it" boolean, "op" boolean, "tc" int, "ws" text, "fa" text)),
     inserted AS (INSERT INTO "Rollout" (${ROLLOUT_COLUMNS})
       SELECT $1, "st", "sa", "sp", "ek", "tr", "fo", "re", $2, "me", "to", "it", "op", "tc", "ws", "fa" FROM input ORDER BY "i"
       RETURNING "id", "split", "step", "sampleId")
     SELECT inserted."id", input."i" FROM inserted
       JOIN input ON input."sp" = inserted."split" AND input."st" = inserted."step" AND input."sa" = inserted."sampleId"`,
    [runId, source, JSON.stringify(rows)],
  );
  const idAt = new Array<number>(rollouts.length);
  for (const { id, i } of created) idAt[i] = Number(id);
  const turns = rollouts.flatMap((r, i) => r.turns.map((t) => ({ r: idAt[i], s: r.step, ...turnColumns(t) })));
  await client.query(
    `INSERT INTO "Turn" (${TURN_COLUMNS})
     SELECT t."r", $1, t."s", t."t", t."m", t."st", t."f", t."a", t."b"
     FROM json_to_recordset($2::json) AS t("r" int, "s" int, "t" int, "m" int, "st" text, "f" text, "a" int, "b" int)`,
    [runId, JSON.stringify(turns)],
  );
}

function turnColumns(t: StoredTurn) {
  return {
    t: t.turn,
    m: t.messageIndex,
    st: t.state,
    f: encodeFailures(t.failures),
    a: t.span?.start ?? null,
    b: t.span?.end ?? null,
  };
}

function marks(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}
