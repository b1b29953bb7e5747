import { DEFAULT_TIMELINE_POINTS } from "@/lib/domain/charts/timeline-query";
import type { AlertRecord } from "@/lib/domain/events/types";
import type { Split } from "@/lib/domain/ingest/schemas";
import { scoreMetricKey } from "@/lib/domain/series/score-metric";
import { ALERT_SPLIT } from "@/lib/domain/alerts/types";
import { listAlerts } from "../alerts/list-alerts";
import type { Db } from "../db";
import { getHealthSeries, type HealthSeries } from "../health/get-health-series";
import { queryMetrics, type MetricSeries } from "../metrics/query-metrics";
import type { RunRecord } from "../runs/run-record";
import { getRun } from "../runs/get-run";
import { defaultSplit, getTimelineExtent, splitStepSpan, type TimelineExtent } from "./get-timeline-extent";

export type TimelineOptions = {
  split?: Split;
  fromStep?: number;
  toStep?: number;
  /** Metric keys to chart; undefined picks one logged key, [] charts none. */
  keys?: readonly string[];
  /** Budget per chart: health rows (whole steps) and points per metric series. */
  maxPoints?: number;
};

/** Everything the run page draws, for one split and an optional inclusive step range. */
export type RunTimeline = {
  run: RunRecord;
  split: Split;
  /** Splits holding step health, for the split picker. */
  splits: Split[];
  /** First..last step of the split's health and the metrics, ignoring the range: the un-zoomed x axis. */
  extent: { first: number | null; last: number | null };
  range: { fromStep: number | null; toStep: number | null };
  maxPoints: number;
  /** Step health in the range, whole steps chosen as downsampleHealth would (in the database) when there are more than maxPoints. */
  health: HealthSeries;
  /** The score metric (score-metric.ts) in the range when the run logs one, else null (the score chart then uses mean reward). */
  score: MetricSeries | null;
  metricKeys: string[];
  /** The chosen keys' series in the range, min/max-downsampled in the database. */
  metrics: MetricSeries[];
  /** Newest step first. Alerts are raised on `alertSplit`, whose rollouts their links open. */
  alerts: AlertRecord[];
  alertSplit: string;
};

/** Null when the run does not exist. */
export async function getRunTimeline(
  db: Db,
  runId: string,
  options: TimelineOptions = {},
): Promise<RunTimeline | null> {
  const [run, extent] = await Promise.all([getRun(db, runId), getTimelineExtent(db, runId)]);
  return run ? readRunTimeline(db, run, extent, options) : null;
}

/** The timeline of a run already read with its extent (the run page reads both to pick its view). */
export async function readRunTimeline(
  db: Db,
  run: RunRecord,
  extent: TimelineExtent,
  options: TimelineOptions = {},
): Promise<RunTimeline> {
  const runId = run.id;
  const split = options.split ?? defaultSplit(extent);
  const maxPoints = options.maxPoints ?? DEFAULT_TIMELINE_POINTS;
  const { fromStep, toStep } = options;
  const keys = options.keys ? [...options.keys] : defaultMetricKeys(extent.metricKeys);
  const scoreKey = scoreMetricKey(extent.metricKeys);
  const seriesKeys = scoreKey !== null && !keys.includes(scoreKey) ? [...keys, scoreKey] : keys;

  const [health, series, alerts] = await Promise.all([
    getHealthSeries(db, runId, { split, fromStep, toStep, maxPoints }),
    seriesKeys.length > 0
      ? queryMetrics(db, runId, { keys: seriesKeys, maxPoints, fromStep, toStep })
      : Promise.resolve([]),
    listAlerts(db, runId, { limit: 200 }),
  ]);
  return {
    run,
    split,
    splits: extent.splits.map((s) => s.split),
    extent: splitStepSpan(extent, split),
    range: { fromStep: fromStep ?? null, toStep: toStep ?? null },
    maxPoints,
    health,
    score: scoreKey === null ? null : (series.find((s) => s.key === scoreKey) ?? null),
    metricKeys: extent.metricKeys,
    metrics: keys.flatMap((key) => series.filter((s) => s.key === key)),
    alerts,
    alertSplit: ALERT_SPLIT,
  };
}

/** With no keys asked for, chart the first logged key other than the score (which has its own chart). */
function defaultMetricKeys(metricKeys: readonly string[]): string[] {
  const scoreKey = scoreMetricKey(metricKeys);
  const key = metricKeys.find((k) => k !== scoreKey) ?? metricKeys[0];
  return key === undefined ? [] : [key];
}
