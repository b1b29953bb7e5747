import { LOGGED_PROBE_KEYS, firstProbeSpike } from "@/lib/domain/collapse/detect-probe-spike";
import type { CollapseStatus, CompareRunFacts, SpikeSource } from "@/lib/domain/compare/compare-table";
import { scoreSeries } from "@/lib/domain/health/score-series";
import { scoreMetricKey } from "@/lib/domain/series/score-metric";
import { EVAL_KINDS, type EvalKind } from "@/lib/domain/ingest/schemas";
import type { SpikeAlertDetails } from "@/lib/domain/alerts/types";
import { statesOf } from "../health/step-health-states";
import type { CompareData } from "./read-compare-data";

/** Splits in the order they are preferred as a run's main split: training first, evaluation-only runs last. */
const MAIN_SPLITS = ["train", "eval", "val"] as const;

/** The comparison table's facts about each run, from rows already read. */
export function compareFacts({
  runs,
  healthByRun,
  metricsByRun,
  evalByRun,
  spikesByRun,
}: CompareData): CompareRunFacts[] {
  return runs.map((run) => {
    const rows = healthByRun.get(run.id) ?? [];
    const mainSplit = MAIN_SPLITS.find((split) => rows.some((r) => r.split === split)) ?? null;
    const main = rows.filter((r) => r.split === mainSplit);
    const runMetrics = metricsByRun.get(run.id) ?? [];
    const scoreKey = scoreMetricKey(runMetrics.map((m) => m.key));
    return {
      id: run.id,
      name: run.name,
      regime: run.regime,
      scheme: run.scheme,
      isDemo: run.isDemo,
      collapseStatus: run.collapseStatus as CollapseStatus,
      collapseOnsetStep: run.collapseOnsetStep,
      mainSplit,
      health: main.map((r) => ({ step: r.step, turns: r.turns, states: statesOf(r) })),
      score: scoreSeries(
        main,
        runMetrics.filter((m) => m.key === scoreKey),
      ),
      evalScores: latestEvalScores(evalByRun.get(run.id) ?? []),
      firstSpike: firstSpike(runMetrics, spikesByRun.get(run.id) ?? []),
    };
  });
}

/** Per eval kind, the mean reward at the latest step that evaluated that kind. */
function latestEvalScores(
  rows: readonly { evalKind: string | null; step: number; _avg: { reward: number | null } }[],
): Record<EvalKind, number | null> {
  return Object.fromEntries(
    EVAL_KINDS.map((kind) => {
      const latest = rows.filter((r) => r.evalKind === kind).sort((a, b) => b.step - a.step)[0];
      return [kind, latest?._avg.reward ?? null];
    }),
  ) as Record<EvalKind, number | null>;
}

/** The earliest control-token spike: a replayed checkpoint's spike alert, or a jump in the logged decision-point probe. */
function firstSpike(
  metrics: readonly { key: string; step: number; value: number }[],
  alerts: readonly { step: number; details: string }[],
): { step: number; source: SpikeSource; token: string } | null {
  const candidates: { step: number; source: SpikeSource; token: string }[] = [];
  const alert = alerts[0];
  if (alert) candidates.push({ step: alert.step, source: "checkpoint_replay", token: spikeToken(alert.details) });
  for (const [key, token] of Object.entries(LOGGED_PROBE_KEYS)) {
    const spike = firstProbeSpike(metrics.filter((m) => m.key === key));
    if (spike) candidates.push({ step: spike.step, source: "logged_probe", token });
  }
  return candidates.sort((a, b) => a.step - b.step)[0] ?? null;
}

function spikeToken(details: string): string {
  try {
    return (JSON.parse(details) as SpikeAlertDetails).spikes?.[0]?.token ?? "control token";
  } catch {
    return "control token";
  }
}
