import { LOGGED_PROBE_KEYS } from "@/lib/domain/collapse/detect-probe-spike";
import { SCORE_METRIC_KEYS } from "@/lib/domain/series/score-metric";
import { groupBy } from "@/lib/utils/group-by";
import { sqliteConnectionOf, type Db } from "../db";
import { readCompareHealthRows, readComparePointRows } from "./compare-rows";
import type { CompareRunRecord } from "./select-compare-runs";

/** Metric keys the comparison reads: the score candidates and the trainer's logged decision-point probe. */
export const COMPARE_METRIC_KEYS = [...SCORE_METRIC_KEYS, ...Object.keys(LOGGED_PROBE_KEYS)];

/**
 * The stored rows a comparison is computed from, read once for all selected runs (a handful of
 * queries) and grouped by run, so the table and the page's chart series share one read.
 */
export async function readCompareData(db: Db, runs: readonly CompareRunRecord[]) {
  const runIds = runs.map((r) => r.id);
  const sqlite = await sqliteConnectionOf(db);
  const [health, metrics, evalRewards, spikeAlerts] = await Promise.all([
    readCompareHealthRows(db, sqlite, runIds),
    readComparePointRows(db, sqlite, runIds, COMPARE_METRIC_KEYS),
    db.rollout.groupBy({
      by: ["runId", "evalKind", "step"],
      where: { runId: { in: runIds }, split: "eval", evalKind: { not: null }, reward: { not: null } },
      _avg: { reward: true },
    }),
    db.alert.findMany({
      where: { runId: { in: runIds }, kind: "control_token_spike" },
      orderBy: { step: "asc" },
      select: { runId: true, step: true, details: true },
    }),
  ]);
  return {
    runs,
    healthByRun: groupBy(health, (h) => h.runId),
    metricsByRun: groupBy(metrics, (m) => m.runId),
    evalByRun: groupBy(evalRewards, (e) => e.runId),
    spikesByRun: groupBy(spikeAlerts, (a) => a.runId),
  };
}

export type CompareData = Awaited<ReturnType<typeof readCompareData>>;
