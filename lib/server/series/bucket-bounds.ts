import { sql, type SqlFragment } from "./sql";

/** The steps a series is bucketed over: its first and last stored step (inclusive) and the bucket count. */
export type BucketFrame = { first: number; last: number; buckets: number };

/**
 * A `WITH RECURSIVE` head defining "bounds"("b", "lo", "hi"): bucket b holds the steps s with
 * floor((s - first) × buckets / (last - first + 1)) = b, the same integer-exact rule as the JS
 * downsamplers, as an inclusive step range so each bucket is one index range scan. Integer
 * arithmetic in BIGINT on both engines; a bucket with no stored step has lo > hi.
 */
export function bucketBounds({ first, last, buckets }: BucketFrame): SqlFragment {
  const b = sql`CAST(${buckets} AS BIGINT)`;
  const n = sql`CAST(${last - first + 1} AS BIGINT)`;
  const start = sql`CAST(${first} AS BIGINT)`;
  return sql`WITH RECURSIVE "k"("b") AS (SELECT 0 UNION ALL SELECT "b" + 1 FROM "k" WHERE "b" + 1 < ${b}),
    "bounds" AS (
      SELECT "b", ${start} + ("b" * ${n} + ${b} - 1) / ${b} AS "lo", ${start} + (("b" + 1) * ${n} + ${b} - 1) / ${b} - 1 AS "hi"
      FROM "k")`;
}

/** Full-range defaults for an optional inclusive step range (steps are 32-bit on both engines). */
export function stepRange(fromStep?: number, toStep?: number): { fromStep: number; toStep: number } {
  return { fromStep: fromStep ?? -2_147_483_648, toStep: toStep ?? 2_147_483_647 };
}
