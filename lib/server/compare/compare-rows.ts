import type Database from "better-sqlite3";
import type { Db } from "../db";
import { prepared } from "../sqlite-statements";

/**
 * The compare page's two bulk reads, without Prisma: every step-health row and every finite
 * compare-metric point of the selected runs. Twenty runs of 2,000 steps are 42,000 rows and 120,000
 * points; Prisma's row mapping took 0.83 s of the page's 1.05 s server time on them. SQLite reads on
 * the client's own connection; PostgreSQL returns each table's rows as one JSON text.
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

/**
 * Non-finite values (stored with value NULL) are left out: no compare summary uses them. Sorted by step
 * within each run and key. On SQLite one index seek per run and key: the rows then carry no text to copy
 * but the shared run id and key, where one statement over all runs built 240,000 strings and sorted
 * 120,000 rows (2.5 times slower on the big-run benchmark's 20 runs).
 */
export async function readComparePointRows(
  db: Db,
  sqlite: Database.Database | null,
  runIds: readonly string[],
  keys: readonly string[],
): Promise<ComparePointRow[]> {
  if (sqlite) {
    const points = prepared(
      sqlite,
      `SELECT "step", "value" FROM "MetricPoint"
       WHERE "runId" = ? AND "key" = ? AND "value" IS NOT NULL ORDER BY "step"`,
    ).raw(true);
    const rows: ComparePointRow[] = [];
    for (const runId of runIds)
      for (const key of keys)
        for (const [step, value] of points.all(runId, key) as [number, number][])
          rows.push({ runId, key, step, value });
    return rows;
  }
  const [ids, keyList] = [JSON.stringify(runIds), JSON.stringify(keys)];
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
