import { HEALTH_DOWNSAMPLE_SERIES } from "@/lib/domain/charts/health-rows";
import type { Split } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { bucketBounds, stepRange, type BucketFrame } from "./bucket-bounds";
import { join, queryFragment, raw, sql, type SqlFragment } from "./sql";

export type HealthRow = {
  step: unknown;
  turns: unknown;
  rollouts: unknown;
  healthyToolCall: unknown;
  healthyResponse: unknown;
  textPollution: unknown;
  fullCollapse: unknown;
  rewardSum: unknown;
  rewardCount: unknown;
};

const COLUMNS = raw(
  `"step", "turns", "rollouts", "healthyToolCall", "healthyResponse", "textPollution", "fullCollapse", "rewardSum", "rewardCount"`,
);

/**
 * The series whose per-bucket extremes are kept, as SQL over a StepHealth row "h", in the order of
 * HEALTH_DOWNSAMPLE_SERIES (the four state rates, then mean reward), each with the condition under
 * which it has a value. Same double-precision division as the JS rates, so ties and order agree.
 */
const SERIES: { value: SqlFragment; hasValue: SqlFragment }[] = [
  ...["healthyToolCall", "healthyResponse", "textPollution", "fullCollapse"].map((column) => ({
    value: raw(`CAST("h"."${column}" AS DOUBLE PRECISION) / "h"."turns"`),
    hasValue: raw(`"h"."turns" > 0`),
  })),
  {
    value: raw(`CAST("h"."rewardSum" AS DOUBLE PRECISION) / "h"."rewardCount"`),
    hasValue: raw(`"h"."rewardCount" > 0`),
  },
];

/**
 * One split's StepHealth rows in an inclusive step range, reduced in the database to the rows
 * `downsampleHealth` keeps: floor(maxRows / 10) buckets over the stored steps, each keeping the row at
 * the minimum and maximum of every state rate and of mean reward (earliest step on ties), or its
 * first row when no step in it has a value. At most `maxRows` rows are read whole. In step order.
 */
export async function selectHealthRows(
  db: Db,
  runId: string,
  { split, fromStep, toStep, maxRows }: { split: Split; fromStep?: number; toStep?: number; maxRows: number },
): Promise<{ totalSteps: number; rows: HealthRow[] }> {
  const range = stepRange(fromStep, toStep);
  const where = sql`"runId" = ${runId} AND "split" = ${split} AND "step" >= ${range.fromStep} AND "step" <= ${range.toStep}`;
  const [span] = await queryFragment<{ total: unknown; first: unknown; last: unknown }>(
    db,
    sql`SELECT COUNT(*) AS "total", MIN("step") AS "first", MAX("step") AS "last" FROM "StepHealth" WHERE ${where}`,
  );
  const totalSteps = Number(span?.total ?? 0);
  if (totalSteps <= maxRows) {
    return {
      totalSteps,
      rows: await queryFragment<HealthRow>(db, sql`SELECT ${COLUMNS} FROM "StepHealth" WHERE ${where} ORDER BY "step"`),
    };
  }
  const buckets = Math.max(1, Math.floor(maxRows / (2 * HEALTH_DOWNSAMPLE_SERIES.length)));
  const frame = { first: Number(span!.first), last: Number(span!.last), buckets };
  return { totalSteps, rows: await queryFragment<HealthRow>(db, bucketExtremes(runId, split, frame)) };
}

function bucketExtremes(runId: string, split: Split, frame: BucketFrame): SqlFragment {
  // The earliest row of the bucket "within" (bounds or picks) that satisfies `condition`, by `order`.
  const pick = (
    within: string,
    condition: SqlFragment,
    order: SqlFragment,
  ) => sql`(SELECT "h"."id" FROM "StepHealth" "h"
    WHERE "h"."runId" = ${runId} AND "h"."split" = ${split} AND "h"."step" >= ${raw(`"${within}"."lo"`)} AND "h"."step" <= ${raw(`"${within}"."hi"`)}
      AND ${condition} ORDER BY ${order}, "h"."step" LIMIT 1)`;
  const extremes = SERIES.map(
    ({ value, hasValue }, i) =>
      sql`${pick("bounds", hasValue, value)} AS ${raw(`"min${i}"`)}, ${pick("bounds", hasValue, sql`${value} DESC`)} AS ${raw(`"max${i}"`)}`,
  );
  const keptIds = SERIES.map((_, i) => raw(`SELECT "min${i}" FROM "picks" UNION SELECT "max${i}" FROM "picks"`));
  return sql`${bucketBounds(frame)},
    "picks" AS (SELECT "lo", "hi", ${join(extremes, ", ")} FROM "bounds"),
    -- no turns (min0, a state rate, is null) and no reward (min4): the bucket keeps its first row as a gap
    "gaps" AS (SELECT ${pick("picks", raw("1 = 1"), raw(`"h"."step"`))} AS "gap" FROM "picks" WHERE "min0" IS NULL AND "min4" IS NULL)
    SELECT ${COLUMNS} FROM "StepHealth"
    WHERE "id" IN (${join(keptIds, " UNION ")} UNION SELECT "gap" FROM "gaps")
    ORDER BY "step"`;
}
