import { downsampleMinMax, type SeriesPoint } from "@/lib/domain/series/downsample-min-max";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";
import { listMetricKeys } from "./list-metric-keys";

export type MetricSeries = { key: string; totalPoints: number; isDownsampled: boolean; points: SeriesPoint[] };

export type MetricsQuery = { keys: string[]; maxPoints: number; fromStep?: number; toStep?: number };

/** One series per requested key (all keys when none are named), min/max-downsampled to maxPoints. */
export async function queryMetrics(db: Db, runId: string, query: MetricsQuery): Promise<MetricSeries[]> {
  await assertRunExists(db, runId);
  const keys = query.keys.length > 0 ? query.keys : await listMetricKeys(db, runId);
  const fromStep = query.fromStep ?? -2_147_483_648;
  const toStep = query.toStep ?? 2_147_483_647;

  return Promise.all(
    keys.map(async (key) => {
      // A narrow raw read: Prisma's row mapping cost more than SQLite did at 10^5 points per series.
      const rows = await db.$queryRaw<{ step: number; value: number }[]>`
        SELECT "step", "value" FROM "MetricPoint"
        WHERE "runId" = ${runId} AND "key" = ${key} AND "step" >= ${fromStep} AND "step" <= ${toStep}
        ORDER BY "step"`;
      const points = rows.map((r) => ({ step: Number(r.step), value: Number(r.value) }));
      const reduced = downsampleMinMax(points, query.maxPoints);
      return { key, totalPoints: points.length, isDownsampled: reduced.length < points.length, points: reduced };
    }),
  );
}
