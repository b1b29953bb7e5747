import type { SeriesPoint } from "@/lib/domain/series/series-summary";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";
import { readMetricSeries } from "../series/read-metric-series";
import { listMetricKeys } from "./list-metric-keys";

export type MetricSeries = { key: string; totalPoints: number; isDownsampled: boolean; points: SeriesPoint[] };

export type MetricsQuery = { keys: readonly string[]; maxPoints: number; fromStep?: number; toStep?: number };

/**
 * Keys are read each once, whatever the query repeats. With no keys named, all the run's keys are
 * read, each with a share of the response budget when they are many.
 */
export const MAX_METRIC_KEYS_PER_QUERY = 20;
export const MAX_RESPONSE_POINTS = 200_000;

/**
 * One series per requested key (distinct, in order; all keys when none are named), min/max-downsampled
 * to maxPoints each, but never more than MAX_RESPONSE_POINTS finite points in all: with many keys each
 * series gets floor(MAX_RESPONSE_POINTS / keys) (at least 2).
 */
export async function queryMetrics(db: Db, runId: string, query: MetricsQuery): Promise<MetricSeries[]> {
  await assertRunExists(db, runId);
  const keys = query.keys.length > 0 ? [...new Set(query.keys)] : await listMetricKeys(db, runId);
  if (keys.length === 0) return [];
  const maxPoints = Math.max(2, Math.min(query.maxPoints, Math.floor(MAX_RESPONSE_POINTS / keys.length)));
  const series = await readMetricSeries(db, runId, keys, { ...query, maxPoints });
  return keys.map((key) => {
    const { totalPoints, points } = series.get(key)!;
    return { key, totalPoints, isDownsampled: points.length < totalPoints, points };
  });
}
