import type Database from "better-sqlite3";
import type { Db } from "../db";
import { prepared } from "../sqlite-statements";

/**
 * The compare page's two bulk reads, one statement per engine: every step-health row and every
 * finite compare-metric point of the selected runs. Twenty runs of 2,000 steps are 42,000 rows and
 * 120,000 points; Prisma's row mapping took 0.83 s of the page's 1.05 s server time on them.
 * SQLite reads on the client's own connection; PostgreSQL returns all rows as one JSON text.
 */
export type CompareHealthRow = {
  runId: string;
  step: number;
  split: string;
  rollouts: number;
  turns: number;
  healthyToolCall: number;
  healthyResponse: number;
  textPollution: number;
  fullCollapse: number;
  rewardSum: number;
  rewardCount: number;
};
export type ComparePointRow = { runId: string; key: string; step: number; value: number };

const HEALTH_COLUMNS = `"runId", "step", "split", "rollouts", "turns", "healthyToolCall", "healthyResponse",
  "textPollution", "fullCollapse", "rewardSum", "rewardCount"`;

export async function readCompareHealthRows(
  db: Db,
  sqlite: Database.Database | null,
  runIds: readonly string[],
): Promise<CompareHealthRow[]> {
  const ids = JSON.stringify(runIds);
  if (sqlite)
    return prepared(
      sqlite,
      `SELECT ${HEALTH_COLUMNS} FROM "StepHealth"
       WHERE "runId" IN (SELECT "value" FROM json_each(?)) ORDER BY "step"`,
    ).all(ids) as CompareHealthRow[];
  const [result] = await db.$queryRawUnsafe<{ rows: string }[]>(
    `SELECT COALESCE(json_agg(h ORDER BY h."step"), '[]')::text AS "rows"
     FROM (SELECT ${HEALTH_COLUMNS} FROM "StepHealth"
       WHERE "runId" IN (SELECT json_array_elements_text($1::json))) AS h`,
    ids,
  );
  return JSON.parse(result!.rows) as CompareHealthRow[];
}

/** Non-finite values (stored with value NULL) are left out: no compare summary uses them. */
export async function readComparePointRows(
  db: Db,
  sqlite: Database.Database | null,
  runIds: readonly string[],
  keys: readonly string[],
): Promise<ComparePointRow[]> {
  const [ids, keyList] = [JSON.stringify(runIds), JSON.stringify(keys)];
  if (sqlite)
    return prepared(
      sqlite,
      `SELECT "runId", "key", "step", "value" FROM "MetricPoint"
       WHERE "runId" IN (SELECT "value" FROM json_each(?)) AND "key" IN (SELECT "value" FROM json_each(?))
         AND "value" IS NOT NULL
       ORDER BY "step"`,
    ).all(ids, keyList) as ComparePointRow[];
  const [result] = await db.$queryRawUnsafe<{ rows: string }[]>(
    `SELECT COALESCE(json_agg(json_build_object('runId', m."runId", 'key', m."key", 'step', m."step",
       'value', m."value") ORDER BY m."step"), '[]')::text AS "rows"
     FROM "MetricPoint" AS m
     WHERE m."runId" IN (SELECT json_array_elements_text($1::json))
       AND m."key" IN (SELECT json_array_elements_text($2::json)) AND m."value" IS NOT NULL`,
    ids,
    keyList,
  );
  return JSON.parse(result!.rows) as ComparePointRow[];
}
