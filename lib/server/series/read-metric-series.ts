import { combineBlocks, planSeriesRead } from "@/lib/domain/series/pyramid";
import type { SeriesPoint } from "@/lib/domain/series/series-summary";
import { sqliteConnectionOf, type Db } from "../db";
import { stepRange } from "./bucket-bounds";
import { readPyramidBlocks, readSeriesSpans, type KeyedRange } from "./pyramid-rows";

export type MetricSeriesRead = { totalPoints: number; points: SeriesPoint[] };

/**
 * Metric series of several keys in an inclusive step range, each the same points as
 * `downsampleMinMax(all its points in the range, maxPoints)`, read from the min/max pyramid: whole
 * blocks per bucket plus finer blocks and points at the two ends of the range, so the work follows
 * the points returned, not the points stored. A series of at most `maxPoints` points is read whole.
 * Three reads for all keys together: the range's first and last steps, the blocks, the short series.
 */
export async function readMetricSeries(
  db: Db,
  runId: string,
  keys: readonly string[],
  { fromStep, toStep, maxPoints }: { fromStep?: number; toStep?: number; maxPoints: number },
): Promise<Map<string, MetricSeriesRead>> {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError("maxPoints must be an integer >= 2");
  const range = stepRange(fromStep, toStep);
  const sqlite = await sqliteConnectionOf(db);
  const spans = await readSeriesSpans(db, sqlite, runId, keys, range.fromStep, range.toStep);
  const plans = new Map([...spans].map(([key, { first, last }]) => [key, planSeriesRead(first, last, maxPoints)]));
  const blocks = await readPyramidBlocks(
    db,
    sqlite,
    runId,
    [...plans].flatMap(([key, plan]) => plan.ranges.map((r) => ({ ...r, key }))),
  );

  const out = new Map<string, MetricSeriesRead>(keys.map((key) => [key, { totalPoints: 0, points: [] }]));
  const whole: KeyedRange[] = [];
  for (const [key, plan] of plans) {
    const combined = combineBlocks(blocks.get(key) ?? [], plan.width);
    out.set(key, combined);
    const span = spans.get(key)!;
    if (combined.totalPoints <= maxPoints) whole.push({ key, level: 0, lo: span.first, hi: span.last });
  }
  if (whole.length > 0) {
    const points = await readPyramidBlocks(db, sqlite, runId, whole);
    for (const { key } of whole) {
      const series = (points.get(key) ?? [])
        .map((b) => b.summary.min ?? b.summary.nonFinite!)
        .sort((a, b) => a.step - b.step);
      out.set(key, { totalPoints: series.length, points: series });
    }
  }
  return out;
}
