import { SPLITS, type Split } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { listMetricKeySpans } from "../metrics/list-metric-keys";

type StepSpan = { first: number | null; last: number | null };

export type TimelineExtent = {
  /** Splits that hold step health, in SPLITS order, each with its first and last step. */
  splits: { split: Split; first: number; last: number }[];
  /** First and last step of any metric point (metrics carry no split). */
  metricSteps: StepSpan;
  /** Every metric key the run logs, sorted. */
  metricKeys: string[];
};

/** What a run holds, independent of zoom: its splits, metric keys and step ranges. */
export async function getTimelineExtent(db: Db, runId: string): Promise<TimelineExtent> {
  const [bySplit, keySpans] = await Promise.all([
    db.stepHealth.groupBy({ by: ["split"], where: { runId }, _min: { step: true }, _max: { step: true } }),
    listMetricKeySpans(db, runId),
  ]);
  const splits = SPLITS.flatMap((split) => {
    const row = bySplit.find((r) => r.split === split);
    return row && row._min.step !== null && row._max.step !== null
      ? [{ split, first: row._min.step, last: row._max.step }]
      : [];
  });
  const metricSteps =
    keySpans.length > 0
      ? { first: Math.min(...keySpans.map((s) => s.first)), last: Math.max(...keySpans.map((s) => s.last)) }
      : { first: null, last: null };
  return { splits, metricSteps, metricKeys: keySpans.map((s) => s.key) };
}

/** The split the page shows when none is asked for: train if it has data, else the first split that does. */
export function defaultSplit(extent: TimelineExtent): Split {
  return extent.splits.some((s) => s.split === "train") ? "train" : (extent.splits[0]?.split ?? "train");
}

/** First..last step over the split's health and the metrics, so every chart shares one x axis. */
export function splitStepSpan(extent: TimelineExtent, split: Split): StepSpan {
  const health = extent.splits.find((s) => s.split === split);
  const firsts = [health?.first, extent.metricSteps.first].filter((s): s is number => typeof s === "number");
  const lasts = [health?.last, extent.metricSteps.last].filter((s): s is number => typeof s === "number");
  return { first: firsts.length > 0 ? Math.min(...firsts) : null, last: lasts.length > 0 ? Math.max(...lasts) : null };
}
