import { scoreMetricKey } from "@/lib/domain/series/score-metric";
import { trailingMean } from "@/lib/domain/compare/score-summary";
import { scoreSeries } from "@/lib/domain/health/score-series";
import type { Phase } from "@/lib/domain/ingest/schemas";
import { BUILTIN_PROBE } from "@/lib/domain/probes/builtin-probe";
import { downsampleMinMax, type SeriesPoint } from "@/lib/domain/series/downsample-min-max";
import { groupBy } from "@/lib/utils/group-by";
import type { Db } from "../db";
import { ALERT_SPLIT } from "@/lib/domain/alerts/types";
import { parseDecisionPoints } from "../traces/get-decision-series";
import type { CompareData } from "./read-compare-data";

/** Points per run and series on the compare charts; min/max-downsampled so a collapse step survives. */
export const COMPARE_SERIES_POINTS = 300;
const LOGGED_IM_END_KEY = "actor/p_im_end";
const IM_END = "<|im_end|>";

export type CompareRunSeries = {
  id: string;
  name: string;
  regime: string | null;
  isDemo: boolean;
  phases: Phase[];
  collapseOnsetStep: number | null;
  /** trailing mean over SCORE_SMOOTH_STEPS steps, as the table's best/final score */
  score: SeriesPoint[];
  healthyToolCallRate: SeriesPoint[];
  fullCollapseRate: SeriesPoint[];
  /** p(<|im_end|>) at the decision point as the trainer logged it every step */
  loggedImEnd: SeriesPoint[];
  /** p(<|im_end|>) at the built-in probe's first decision point, per replayed checkpoint */
  replayedImEnd: SeriesPoint[];
};

/**
 * The training-split series the compare page overlays, from the comparison's rows; only the replayed
 * checkpoints' decision points are read here.
 */
export async function getCompareSeries(
  db: Db,
  { runs, healthByRun, metricsByRun }: CompareData,
): Promise<CompareRunSeries[]> {
  const traces = await db.trace.findMany({
    where: {
      probe: { name: BUILTIN_PROBE.name },
      checkpoint: { runId: { in: runs.map((r) => r.id) }, status: "scored" },
    },
    select: { decisionPoints: true, checkpoint: { select: { runId: true, step: true } } },
  });
  const tracesByRun = groupBy(traces, (t) => t.checkpoint.runId);
  const fit = (points: SeriesPoint[]) => downsampleMinMax(points, COMPARE_SERIES_POINTS);

  return runs.map((run) => {
    const rows = (healthByRun.get(run.id) ?? []).filter((r) => r.split === ALERT_SPLIT && r.turns > 0);
    const runMetrics = metricsByRun.get(run.id) ?? [];
    const scoreKey = scoreMetricKey(runMetrics.map((m) => m.key));
    return {
      id: run.id,
      name: run.name,
      regime: run.regime,
      isDemo: run.isDemo,
      phases: JSON.parse(run.phases) as Phase[],
      collapseOnsetStep: run.collapseOnsetStep,
      score: fit(
        trailingMean(
          scoreSeries(
            rows,
            runMetrics.filter((m) => m.key === scoreKey),
          ),
        ),
      ),
      healthyToolCallRate: fit(rows.map((r) => ({ step: r.step, value: r.healthyToolCall / r.turns }))),
      fullCollapseRate: fit(rows.map((r) => ({ step: r.step, value: r.fullCollapse / r.turns }))),
      loggedImEnd: fit(
        runMetrics.filter((m) => m.key === LOGGED_IM_END_KEY).map((m) => ({ step: m.step, value: m.value })),
      ),
      replayedImEnd: (tracesByRun.get(run.id) ?? [])
        .flatMap((t) => firstDecisionImEnd(t.decisionPoints, t.checkpoint.step))
        .sort((a, b) => a.step - b.step),
    };
  });
}

function firstDecisionImEnd(decisionPoints: string, step: number): SeriesPoint[] {
  const p = parseDecisionPoints(decisionPoints)[0]?.probabilities[IM_END];
  return typeof p === "number" ? [{ step, value: p }] : [];
}
