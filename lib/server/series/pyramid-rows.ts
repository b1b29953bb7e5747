import type Database from "better-sqlite3";
import { appendAll } from "@/lib/utils/append-all";
import { fromStoredValue } from "@/lib/domain/series/metric-value";
import type { BlockRange, PyramidBlock } from "@/lib/domain/series/pyramid";
import { summarizePoint } from "@/lib/domain/series/series-summary";
import type { Db } from "../db";
import { prepared } from "../sqlite-statements";

/**
 * Reads of metric series for downsampling, one per engine: SQLite runs cached prepared statements on
 * the client's connection (microseconds each); PostgreSQL answers every key in one statement, its
 * rows folded into one JSON value, because Prisma's cost per returned row exceeded the database's. Each
 * range is its own index range scan (LATERAL ... OFFSET 0 keeps the planner from joining whole levels).
 */

export type StepSpan = { first: number; last: number };

/** The first and last stored step of each key within [fromStep, toStep]; keys without points are absent. */
export async function readSeriesSpans(
  db: Db,
  sqlite: Database.Database | null,
  runId: string,
  keys: readonly string[],
  fromStep: number,
  toStep: number,
): Promise<Map<string, StepSpan>> {
  const spans = new Map<string, StepSpan>();
  if (sqlite) {
    const edge = (order: "ASC" | "DESC") =>
      prepared(
        sqlite,
        `SELECT "step" FROM "MetricPoint" WHERE "runId" = ? AND "key" = ? AND "step" >= ? AND "step" <= ?
         ORDER BY "step" ${order} LIMIT 1`,
      );
    for (const key of keys) {
      const first = edge("ASC").pluck().get(runId, key, fromStep, toStep) as number | undefined;
      if (first !== undefined)
        spans.set(key, { first, last: edge("DESC").pluck().get(runId, key, fromStep, toStep) as number });
    }
    return spans;
  }
  const [row] = await db.$queryRaw<{ spans: string }[]>`
    SELECT COALESCE(json_agg(json_build_array(k."k", s."first", s."last")), '[]')::text AS "spans"
    FROM json_array_elements_text(${JSON.stringify(keys)}::json) AS k("k"), LATERAL (SELECT
      (SELECT "step" FROM "MetricPoint" WHERE "runId" = ${runId} AND "key" = k."k"
        AND "step" BETWEEN ${fromStep} AND ${toStep} ORDER BY "step" LIMIT 1) AS "first",
      (SELECT "step" FROM "MetricPoint" WHERE "runId" = ${runId} AND "key" = k."k"
        AND "step" BETWEEN ${fromStep} AND ${toStep} ORDER BY "step" DESC LIMIT 1) AS "last") AS s`;
  for (const [key, first, last] of JSON.parse(row!.spans) as [string, number | null, number | null][]) {
    if (first !== null && last !== null) spans.set(key, { first, last });
  }
  return spans;
}

export type KeyedRange = BlockRange & { key: string };

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
type PointRow = [string, number, number | null, string | null];

/** The stored blocks in each range (level 0: the points in a step range), by key. */
export async function readPyramidBlocks(
  db: Db,
  sqlite: Database.Database | null,
  runId: string,
  ranges: readonly KeyedRange[],
): Promise<Map<string, PyramidBlock[]>> {
  const blockRows: BlockRow[] = [];
  const pointRows: PointRow[] = [];
  if (sqlite) {
    const blocks = prepared(
      sqlite,
      `SELECT "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue",
         "nonFiniteStep", "nonFinite"
      FROM "MetricBlock" WHERE "runId" = ? AND "key" = ? AND "level" = ? AND "block" >= ? AND "block" <= ?`,
    ).raw();
    const points = prepared(
      sqlite,
      `SELECT "key", "step", "value", "nonFinite" FROM "MetricPoint"
       WHERE "runId" = ? AND "key" = ? AND "step" >= ? AND "step" <= ?`,
    ).raw();
    for (const { key, level, lo, hi } of ranges) {
      if (level === 0) appendAll(pointRows, points.all(runId, key, lo, hi) as PointRow[]);
      else appendAll(blockRows, blocks.all(runId, key, level, lo, hi) as BlockRow[]);
    }
  } else {
    const json = JSON.stringify(ranges.map(({ key, level, lo, hi }) => ({ k: key, l: level, lo, hi })));
    const [row] = await db.$queryRaw<{ blocks: string; points: string }[]>`
      WITH "r" AS (SELECT * FROM json_to_recordset(${json}::json) AS r("k" text, "l" int, "lo" int, "hi" int))
      SELECT
        (SELECT COALESCE(json_agg(json_build_array(b."key", b."level", b."block", b."count", b."minStep", b."minValue",
           b."maxStep", b."maxValue", b."nonFiniteStep", b."nonFinite")), '[]')
         FROM "r", LATERAL (SELECT * FROM "MetricBlock" WHERE "runId" = ${runId} AND "key" = "r"."k"
           AND "level" = "r"."l" AND "block" BETWEEN "r"."lo" AND "r"."hi" OFFSET 0) AS b
         WHERE "r"."l" > 0)::text AS "blocks",
        (SELECT COALESCE(json_agg(json_build_array(m."key", m."step", m."value", m."nonFinite")), '[]')
         FROM "r", LATERAL (SELECT * FROM "MetricPoint" WHERE "runId" = ${runId} AND "key" = "r"."k"
           AND "step" BETWEEN "r"."lo" AND "r"."hi" OFFSET 0) AS m
         WHERE "r"."l" = 0)::text AS "points"`;
    appendAll(blockRows, JSON.parse(row!.blocks) as BlockRow[]);
    appendAll(pointRows, JSON.parse(row!.points) as PointRow[]);
  }
  const byKey = new Map<string, PyramidBlock[]>();
  const add = (key: string, block: PyramidBlock) => {
    const list = byKey.get(key);
    if (list) list.push(block);
    else byKey.set(key, [block]);
  };
  for (const [key, step, value, nonFinite] of pointRows)
    add(key, { level: 0, block: step, summary: summarizePoint({ step, value: fromStoredValue(value, nonFinite) }) });
  for (const [key, level, block, count, minStep, minValue, maxStep, maxValue, nonFiniteStep, nonFinite] of blockRows) {
    add(key, {
      level,
      block,
      summary: {
        count,
        min: minStep === null ? null : { step: minStep, value: minValue! },
        max: maxStep === null ? null : { step: maxStep, value: maxValue! },
        nonFinite: nonFiniteStep === null ? null : { step: nonFiniteStep, value: fromStoredValue(null, nonFinite) },
      },
    });
  }
  return byKey;
}
