import type { Db } from "../db";

export type MetricKeySpan = { key: string; first: number; last: number };

/**
 * Every metric key a run logs, sorted, with its first and last step. Index seeks on
 * (runId, key, step) only: the recursive query jumps from one key to the next and MIN/MAX read the
 * ends of each key's steps, so the cost follows the keys (a few hundred), not the points (a GROUP BY
 * over a 2,000-step run of 200 keys read 400,000 index entries, 50 ms on every run page).
 */
export async function listMetricKeySpans(db: Db, runId: string): Promise<MetricKeySpan[]> {
  const rows = await db.$queryRaw<{ key: string; first: number | bigint; last: number | bigint }[]>`
    WITH RECURSIVE "keys"("key") AS (
      SELECT MIN("key") FROM "MetricPoint" WHERE "runId" = ${runId}
      UNION ALL
      SELECT (SELECT MIN("key") FROM "MetricPoint" WHERE "runId" = ${runId} AND "key" > "keys"."key")
      FROM "keys" WHERE "keys"."key" IS NOT NULL
    )
    SELECT "keys"."key" AS "key",
      (SELECT MIN("step") FROM "MetricPoint" WHERE "runId" = ${runId} AND "key" = "keys"."key") AS "first",
      (SELECT MAX("step") FROM "MetricPoint" WHERE "runId" = ${runId} AND "key" = "keys"."key") AS "last"
    FROM "keys" WHERE "keys"."key" IS NOT NULL
    ORDER BY "keys"."key"`;
  return rows.map((r) => ({ key: r.key, first: Number(r.first), last: Number(r.last) }));
}

export async function listMetricKeys(db: Db, runId: string): Promise<string[]> {
  return (await listMetricKeySpans(db, runId)).map((s) => s.key);
}
