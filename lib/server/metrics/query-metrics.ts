import type { SeriesPoint } from "@/lib/domain/series/downsample-min-max";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";
import { selectMetricSeries } from "../series/select-metric-series";
import { listMetricKeys } from "./list-metric-keys";

export type MetricSeries = { key: string; totalPoints: number; isDownsampled: boolean; points: SeriesPoint[] };

export type MetricsQuery = { keys: string[]; maxPoints: number; fromStep?: number; toStep?: number };

/** One series per requested key (all keys when none are named), min/max-downsampled to maxPoints in the database. */
export async function queryMetrics(db: Db, runId: string, query: MetricsQuery): Promise<MetricSeries[]> {
  await assertRunExists(db, runId);
  const keys = query.keys.length > 0 ? query.keys : await listMetricKeys(db, runId);
  return Promise.all(
    keys.map(async (key) => {
      const { totalPoints, points } = await selectMetricSeries(db, runId, key, query);
      return { key, totalPoints, isDownsampled: points.length < totalPoints, points };
    }),
  );
}
