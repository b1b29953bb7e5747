import {
  groupMetricBatch,
  metricBatchResult,
  separateStored,
  type MetricBatchResult,
} from "@/lib/domain/ingest/metric-batch";
import type { MetricPointInput } from "@/lib/domain/ingest/schemas";
import { isScoreMetricKey } from "@/lib/domain/series/score-metric";
import type { SeriesPoint } from "@/lib/domain/series/series-summary";
import { refreshCollapseVerdict } from "../collapse/refresh-collapse-verdict";
import { sqliteConnectionOf, type Db } from "../db";
import { recordChanges, type Change } from "../events/change-feed";
import { assertRunExists } from "../runs/get-run";
import { writeTransaction } from "../write-transaction";
import { findStoredPoints, insertMetricPoints } from "./metric-point-rows";

export type IngestMetricsResult = MetricBatchResult;

/**
 * Stores metric points and merges them into their series' min/max pyramid, all in one transaction
 * (a batch is stored whole or not at all). (run, key, step) is unique: the first value written wins
 * and a repeat (stored already, or earlier in the same batch) is a duplicate, listed with whether its
 * value matches (a retry) or not (a collision). Non-finite values are stored as such. Also appends the
 * change-feed row and refreshes the collapse verdict when the score metric moved.
 */
export async function ingestMetrics(
  db: Db,
  runId: string,
  points: readonly MetricPointInput[],
): Promise<IngestMetricsResult> {
  await assertRunExists(db, runId);
  const grouped = groupMetricBatch(points);
  const sqlite = await sqliteConnectionOf(db);

  return writeTransaction(
    db,
    async (tx) => {
      const stored = await findStoredPoints(sqlite, tx, runId, grouped.byKey);
      const { fresh, duplicates } = separateStored(grouped, stored);
      await insertMetricPoints(sqlite, tx, runId, fresh);
      await recordChanges(tx, runId, metricChanges(fresh));
      // The collapse detector reads the score; a new score point can confirm (never undo) an onset.
      if ([...fresh.keys()].some(isScoreMetricKey)) await refreshCollapseVerdict(tx, runId);
      return metricBatchResult(points.length - duplicates.length, duplicates);
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/** One change-feed row per distinct step range, naming the keys written over it (usually all of them). */
function metricChanges(fresh: Map<string, SeriesPoint[]>): Change[] {
  const keysByRange = new Map<string, Extract<Change, { kind: "metrics" }>>();
  for (const [key, points] of fresh) {
    let [min, max] = [Infinity, -Infinity];
    for (const { step } of points) [min, max] = [Math.min(min, step), Math.max(max, step)];
    const change = keysByRange.get(`${min}:${max}`) ?? { kind: "metrics", keys: [], fromStep: min, toStep: max };
    change.keys.push(key);
    keysByRange.set(`${min}:${max}`, change);
  }
  return [...keysByRange.values()];
}
