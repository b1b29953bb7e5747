import { isEvaluationOnly, summarizeEvaluation, type EvaluationSummary } from "@/lib/domain/evaluation/evaluation-run";
import type { AlertRecord } from "@/lib/domain/events/types";
import { groupBy } from "@/lib/utils/group-by";
import { healthyToolCallRate, latestMeanReward } from "@/lib/domain/health/run-summary-series";
import type { SeriesPoint } from "@/lib/domain/series/downsample-min-max";
import { SCORE_METRIC_KEYS, scoreMetricKey } from "@/lib/domain/series/score-metric";
import { ALERT_SELECT, toAlertRecord } from "../alerts/alert-record";
import type { Db } from "../db";
import { EVALUATION_ONLY_RUN } from "../evaluation/evaluation-run-filter";
import { statesOf } from "../health/step-health-states";
import { listRuns, type ListRunsFilter } from "./list-runs";
import type { RunRecord } from "./run-record";

export const SPARKLINE_MAX_POINTS = 60;

/** `label`: the score metric's key (lib/domain/series/score-metric.ts), or "mean reward" of the rollouts. */
export type LatestScore = { value: number; step: number; source: "metric" | "mean_reward"; label: string };

export type RunSummary = {
  run: RunRecord;
  /** highest step seen in step health or metrics */
  lastStep: number | null;
  /** train-split healthy tool calls / assistant turns per step, at most SPARKLINE_MAX_POINTS points */
  healthyToolCallRate: SeriesPoint[];
  latestScore: LatestScore | null;
  newestAlert: AlertRecord | null;
  /** set for an evaluation-only run (every rollout in the eval split): its dialogues and state mix */
  evaluation: EvaluationSummary | null;
};

export type RunFilterOptions = { regimes: string[]; models: string[]; statuses: string[] };

/** `filterOptions`, `totalRuns` and `realEvaluationRuns` describe every stored run, not just the filtered ones. */
export type RunSummaryList = {
  runs: RunSummary[];
  filterOptions: RunFilterOptions;
  totalRuns: number;
  realEvaluationRuns: number;
};

/**
 * The runs list: each run (newest first, filtered) with its last step, health sparkline, latest
 * score and newest alert. A fixed number of grouped queries over all listed runs, none per run.
 */
export async function listRunSummaries(
  db: Db,
  filter: Omit<ListRunsFilter, "includeDemo"> = {},
): Promise<RunSummaryList> {
  const [runs, combos, realEvaluationRuns] = await Promise.all([
    listRuns(db, filter),
    db.run.groupBy({ by: ["regime", "model", "status"], _count: { _all: true } }),
    db.run.count({ where: { isDemo: false, ...EVALUATION_ONLY_RUN } }),
  ]);
  const ids = runs.map((r) => r.id);
  const [counts, lastMetricSteps, loggedScores, alerts] = await Promise.all([
    stepCountsByRun(db, ids),
    lastMetricStepByRun(db, ids),
    latestLoggedScoreByRun(db, ids),
    newestAlertByRun(db, ids),
  ]);

  return {
    runs: runs.map((run) => {
      const rows = counts.get(run.id) ?? [];
      const reward = latestMeanReward(rows);
      const logged = loggedScores.get(run.id);
      const isEvaluation = isEvaluationOnly([...new Set(rows.map((r) => r.split))]);
      return {
        run,
        lastStep: maxOrNull([...rows.map((r) => r.step), lastMetricSteps.get(run.id)]),
        healthyToolCallRate: healthyToolCallRate(rows, "train", SPARKLINE_MAX_POINTS),
        latestScore: logged
          ? { ...logged, source: "metric" }
          : reward
            ? { ...reward, source: "mean_reward", label: "mean reward" }
            : null,
        newestAlert: alerts.get(run.id) ?? null,
        evaluation: isEvaluation
          ? summarizeEvaluation(rows.map((r) => ({ rollouts: r.rollouts, turns: r.turns, ...statesOf(r) })))
          : null,
      };
    }),
    filterOptions: {
      regimes: distinctSorted(combos.map((c) => c.regime)),
      models: distinctSorted(combos.map((c) => c.model)),
      statuses: distinctSorted(combos.map((c) => c.status)),
    },
    totalRuns: combos.reduce((sum, c) => sum + c._count._all, 0),
    realEvaluationRuns,
  };
}

async function stepCountsByRun(db: Db, runIds: string[]) {
  const rows = await db.stepHealth.findMany({
    where: { runId: { in: runIds } },
    select: {
      runId: true,
      step: true,
      split: true,
      rollouts: true,
      turns: true,
      healthyToolCall: true,
      healthyResponse: true,
      textPollution: true,
      fullCollapse: true,
      rewardSum: true,
      rewardCount: true,
    },
  });
  return groupBy(rows, (row) => row.runId);
}

async function lastMetricStepByRun(db: Db, runIds: string[]): Promise<Map<string, number>> {
  const rows = await db.metricPoint.groupBy({ by: ["runId"], where: { runId: { in: runIds } }, _max: { step: true } });
  return new Map(rows.flatMap((r) => (r._max.step === null ? [] : [[r.runId, r._max.step] as const])));
}

/** Each run's latest finite value of its score metric (non-finite values are skipped). */
async function latestLoggedScoreByRun(
  db: Db,
  runIds: string[],
): Promise<Map<string, { step: number; value: number; label: string }>> {
  const finite = { runId: { in: runIds }, key: { in: [...SCORE_METRIC_KEYS] }, value: { not: null } };
  const latest = await db.metricPoint.groupBy({ by: ["runId", "key"], where: finite, _max: { step: true } });
  const wanted = [...groupBy(latest, (r) => r.runId)].flatMap(([runId, rows]) => {
    const key = scoreMetricKey(rows.map((r) => r.key));
    const step = rows.find((r) => r.key === key)?._max.step;
    return key === null || step === null || step === undefined ? [] : [{ runId, key, step }];
  });
  if (wanted.length === 0) return new Map();
  const points = await db.metricPoint.findMany({
    where: { OR: wanted },
    select: { runId: true, key: true, step: true, value: true },
  });
  return new Map(points.map((p) => [p.runId, { step: p.step, value: p.value!, label: p.key }]));
}

async function newestAlertByRun(db: Db, runIds: string[]): Promise<Map<string, AlertRecord>> {
  const newest = await db.alert.groupBy({ by: ["runId"], where: { runId: { in: runIds } }, _max: { id: true } });
  const ids = newest.flatMap((r) => (r._max.id === null ? [] : [r._max.id]));
  if (ids.length === 0) return new Map();
  const rows = await db.alert.findMany({ where: { id: { in: ids } }, select: ALERT_SELECT });
  return new Map(rows.map((row) => [row.runId, toAlertRecord(row)]));
}

function maxOrNull(values: (number | undefined)[]): number | null {
  let max: number | null = null;
  for (const v of values) if (v !== undefined && (max === null || v > max)) max = v;
  return max;
}

function distinctSorted(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort();
}
