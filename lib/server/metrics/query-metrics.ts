import { downsampleMinMax, type SeriesPoint } from "@/lib/domain/series/downsample-min-max";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";

export type MetricSeries = { key: string; totalPoints: number; isDownsampled: boolean; points: SeriesPoint[] };

export type MetricsQuery = { keys: string[]; maxPoints: number; fromStep?: number; toStep?: number };

/** One series per requested key (all keys when none are named), min/max-downsampled to maxPoints. */
export async function queryMetrics(db: Db, runId: string, query: MetricsQuery): Promise<MetricSeries[]> {
  await assertRunExists(db, runId);
  const keys = query.keys.length > 0 ? query.keys : await allKeys(db, runId);
  const step = { gte: query.fromStep, lte: query.toStep };

  return Promise.all(
    keys.map(async (key) => {
      const points = await db.metricPoint.findMany({
        where: { runId, key, step },
        orderBy: { step: "asc" },
        select: { step: true, value: true },
      });
      const reduced = downsampleMinMax(points, query.maxPoints);
      return { key, totalPoints: points.length, isDownsampled: reduced.length < points.length, points: reduced };
    }),
  );
}

async function allKeys(db: Db, runId: string): Promise<string[]> {
  const rows = await db.metricPoint.findMany({ where: { runId }, distinct: ["key"], select: { key: true }, orderBy: { key: "asc" } });
  return rows.map((r) => r.key);
}
