import type Database from "better-sqlite3";
import { appendAll } from "@/lib/utils/append-all";
import { fromStoredValue, nonFiniteName } from "@/lib/domain/series/metric-value";
import { pyramidBlocksOf } from "@/lib/domain/series/pyramid";
import type { SeriesPoint } from "@/lib/domain/series/series-summary";
import { postgresClientOf } from "../postgres-transaction-client";
import { prepared } from "../sqlite-statements";
import type { Tx } from "../tx";

/**
 * Bulk reads and writes of metric points and their pyramid blocks, one per engine: SQLite runs
 * prepared statements on the client's own connection (`sqlite`, so inside the caller's transaction);
 * PostgreSQL gets each batch as one JSON parameter, written by pg on the transaction's own connection
 * (`postgresClientOf`). Prisma bound 100,000 points one parameter at a time, which cost 40 times what
 * the database did.
 */
export type KeyedPoints = Map<string, SeriesPoint[]>;

/** The stored value of every point in `byKey` that the run already holds, keyed by key and step. */
export async function findStoredPoints(
  sqlite: Database.Database | null,
  tx: Tx,
  runId: string,
  byKey: KeyedPoints,
): Promise<Map<string, Map<number, number>>> {
  const ranges = [...byKey].map(([key, points]) => ({ k: key, lo: minStep(points), hi: maxStep(points) }));
  const rows: [string, number, number | null, string | null][] = [];
  if (sqlite) {
    const select = prepared(
      sqlite,
      `SELECT "key", "step", "value", "nonFinite" FROM "MetricPoint"
       WHERE "runId" = ? AND "key" = ? AND "step" >= ? AND "step" <= ?`,
    );
    for (const { k, lo, hi } of ranges) appendAll(rows, select.raw().all(runId, k, lo, hi) as typeof rows);
  } else {
    const [result] = await tx.$queryRaw<{ rows: string }[]>`
      SELECT COALESCE(json_agg(json_build_array(m."key", m."step", m."value", m."nonFinite")), '[]')::text AS "rows"
      FROM json_to_recordset(${JSON.stringify(ranges)}::json) AS r("k" text, "lo" int, "hi" int)
      , LATERAL (SELECT * FROM "MetricPoint" WHERE "runId" = ${runId} AND "key" = r."k"
        AND "step" BETWEEN r."lo" AND r."hi" OFFSET 0) AS m`;
    appendAll(rows, JSON.parse(result!.rows) as typeof rows);
  }
  const stored = new Map<string, Map<number, number>>();
  for (const [key, step, value, nonFinite] of rows) {
    if (!byKey.has(key)) continue;
    let steps = stored.get(key);
    if (!steps) stored.set(key, (steps = new Map()));
    steps.set(step, fromStoredValue(value, nonFinite));
  }
  return stored;
}

// Merges a block of new points into the stored one: counts add up, a smaller minimum (a larger
// maximum, an earlier first non-finite point) replaces the stored one, an equal one keeps the earlier step.
const MERGE_BLOCK = `ON CONFLICT ("runId", "key", "level", "block") DO UPDATE SET
  "count" = "MetricBlock"."count" + excluded."count",
  "minStep" = CASE WHEN ${isBetter("min", "<")} THEN excluded."minStep" ELSE "MetricBlock"."minStep" END,
  "minValue" = CASE WHEN ${isBetter("min", "<")} THEN excluded."minValue" ELSE "MetricBlock"."minValue" END,
  "maxStep" = CASE WHEN ${isBetter("max", ">")} THEN excluded."maxStep" ELSE "MetricBlock"."maxStep" END,
  "maxValue" = CASE WHEN ${isBetter("max", ">")} THEN excluded."maxValue" ELSE "MetricBlock"."maxValue" END,
  "nonFiniteStep" = CASE WHEN ${isEarlierNonFinite()} THEN excluded."nonFiniteStep"
    ELSE "MetricBlock"."nonFiniteStep" END,
  "nonFinite" = CASE WHEN ${isEarlierNonFinite()} THEN excluded."nonFinite" ELSE "MetricBlock"."nonFinite" END`;

function isBetter(which: "min" | "max", op: "<" | ">"): string {
  const [v, s] = [`"${which}Value"`, `"${which}Step"`];
  return `(excluded.${v} IS NOT NULL AND ("MetricBlock".${v} IS NULL OR excluded.${v} ${op} "MetricBlock".${v}
    OR (excluded.${v} = "MetricBlock".${v} AND excluded.${s} < "MetricBlock".${s})))`;
}

function isEarlierNonFinite(): string {
  return `(excluded."nonFiniteStep" IS NOT NULL AND ("MetricBlock"."nonFiniteStep" IS NULL
    OR excluded."nonFiniteStep" < "MetricBlock"."nonFiniteStep"))`;
}

const POINT_COLUMNS = `"runId", "key", "step", "value", "nonFinite"`;
const BLOCK_COLUMNS = `"runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue",
  "nonFiniteStep", "nonFinite"`;

type BlockRow = [
  string,
  number,
  number,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  string | null,
];

/** Inserts new points (none of them stored yet) and merges them into the series' pyramid blocks. */
export async function insertMetricPoints(
  sqlite: Database.Database | null,
  tx: Tx,
  runId: string,
  byKey: KeyedPoints,
): Promise<void> {
  const blockRows: BlockRow[] = [...byKey].flatMap(([key, points]) =>
    pyramidBlocksOf(points).map(({ level, block, summary: s }): BlockRow => [
      key,
      level,
      block,
      s.count,
      s.min?.step ?? null,
      s.min?.value ?? null,
      s.max?.step ?? null,
      s.max?.value ?? null,
      s.nonFinite?.step ?? null,
      s.nonFinite ? nonFiniteName(s.nonFinite.value) : null,
    ]),
  );
  // One lock order for every writer (key, then step or level and block): concurrent PostgreSQL writers cannot deadlock.
  blockRows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
  if (sqlite) {
    const insertPoint = prepared(sqlite, `INSERT INTO "MetricPoint" (${POINT_COLUMNS}) VALUES (?, ?, ?, ?, ?)`);
    for (const [key, points] of byKey) {
      for (const { step, value } of points)
        insertPoint.run(runId, key, step, Number.isFinite(value) ? value : null, nonFiniteName(value));
    }
    const mergeBlock = prepared(
      sqlite,
      `INSERT INTO "MetricBlock" (${BLOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${MERGE_BLOCK}`,
    );
    for (const row of blockRows) mergeBlock.run(runId, ...row);
    return;
  }
  const pointRows = [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([key, points]) =>
      [...points]
        .sort((a, b) => a.step - b.step)
        .map((p) => [key, p.step, Number.isFinite(p.value) ? p.value : null, nonFiniteName(p.value)] as const),
    );
  const client = await postgresClientOf(tx);
  await client.query(
    `INSERT INTO "MetricPoint" ("runId", "key", "step", "value", "nonFinite")
     SELECT $1, p."k", p."s", p."v", p."n"
     FROM json_to_recordset($2::json) AS p("k" text, "s" int, "v" double precision, "n" text)`,
    [runId, JSON.stringify(pointRows.map(([k, s, v, n]) => ({ k, s, v, n })))],
  );
  await client.query(
    `INSERT INTO "MetricBlock" (${BLOCK_COLUMNS})
     SELECT $1, b."k", b."l", b."b", b."c", b."s0", b."v0", b."s1", b."v1", b."s2", b."n"
     FROM json_to_recordset($2::json) AS b("k" text, "l" int, "b" int, "c" int,
       "s0" int, "v0" double precision, "s1" int, "v1" double precision, "s2" int, "n" text)
     ${MERGE_BLOCK}`,
    [
      runId,
      JSON.stringify(blockRows.map(([k, l, b, c, s0, v0, s1, v1, s2, n]) => ({ k, l, b, c, s0, v0, s1, v1, s2, n }))),
    ],
  );
}

function minStep(points: readonly SeriesPoint[]): number {
  let min = Infinity;
  for (const p of points) if (p.step < min) min = p.step;
  return min;
}

function maxStep(points: readonly SeriesPoint[]): number {
  let max = -Infinity;
  for (const p of points) if (p.step > max) max = p.step;
  return max;
}
