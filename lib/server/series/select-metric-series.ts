import type { SeriesPoint } from "@/lib/domain/series/downsample-min-max";
import type { Db } from "../db";
import { bucketBounds, stepRange, type BucketFrame } from "./bucket-bounds";
import { queryFragment, sql } from "./sql";

export type MetricSeriesRead = { totalPoints: number; points: SeriesPoint[] };

type Span = { total: unknown; first: unknown; last: unknown };

/**
 * One metric key's points in an inclusive step range, bucketed in the database: the same points as
 * `downsampleMinMax(all points, maxPoints)` (floor(maxPoints / 2) buckets over the stored steps, each
 * bucket's minimum and maximum, earliest step on ties, once when they coincide), without reading every
 * point. Each bucket is two range scans of the (runId, key, step) index; a series of at most
 * `maxPoints` points is read whole.
 */
export async function selectMetricSeries(
  db: Db,
  runId: string,
  key: string,
  { fromStep, toStep, maxPoints }: { fromStep?: number; toStep?: number; maxPoints: number },
): Promise<MetricSeriesRead> {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError("maxPoints must be an integer >= 2");
  const range = stepRange(fromStep, toStep);
  const where = sql`"runId" = ${runId} AND "key" = ${key} AND "step" >= ${range.fromStep} AND "step" <= ${range.toStep}`;
  const [span] = await queryFragment<Span>(db, sql`SELECT COUNT(*) AS "total", MIN("step") AS "first", MAX("step") AS "last" FROM "MetricPoint" WHERE ${where}`);
  const totalPoints = Number(span?.total ?? 0);
  const rows = totalPoints <= maxPoints
    ? await queryFragment<{ step: unknown; value: unknown }>(db, sql`SELECT "step", "value" FROM "MetricPoint" WHERE ${where} ORDER BY "step"`)
    : await queryFragment<{ step: unknown; value: unknown }>(db, bucketExtremes(runId, key, { first: Number(span!.first), last: Number(span!.last), buckets: Math.floor(maxPoints / 2) }));
  return { totalPoints, points: rows.map((r) => ({ step: Number(r.step), value: Number(r.value) })) };
}

function bucketExtremes(runId: string, key: string, frame: BucketFrame) {
  const inBucket = sql`"m"."runId" = ${runId} AND "m"."key" = ${key} AND "m"."step" >= "bounds"."lo" AND "m"."step" <= "bounds"."hi"`;
  return sql`${bucketBounds(frame)},
    "picks" AS (
      SELECT (SELECT "m"."id" FROM "MetricPoint" "m" WHERE ${inBucket} ORDER BY "m"."value", "m"."step" LIMIT 1) AS "minId",
             (SELECT "m"."id" FROM "MetricPoint" "m" WHERE ${inBucket} ORDER BY "m"."value" DESC, "m"."step" LIMIT 1) AS "maxId"
      FROM "bounds")
    SELECT "step", "value" FROM "MetricPoint"
    WHERE "id" IN (SELECT "minId" FROM "picks" UNION SELECT "maxId" FROM "picks")
    ORDER BY "step"`;
}
