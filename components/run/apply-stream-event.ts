import { extendExtent, mergeAlert, mergeHealthSteps, mergeMetricPoints } from "@/lib/domain/charts/merge-live-updates";
import { SCORE_METRIC_KEY } from "@/lib/domain/charts/prepare-score-chart";
import type { RunStreamEvent } from "@/lib/domain/events/types";
import type { RunTimeline } from "@/lib/server/timeline/get-run-timeline";

/**
 * Folds one live event into the page's timeline. Step health of another split is ignored; steps and
 * points outside the zoom range are ignored (any step counts when not zoomed). Returns the same
 * object when nothing changed, so React skips the render.
 */
export function applyStreamEvent(timeline: RunTimeline, event: RunStreamEvent): RunTimeline {
  if (event.runId !== timeline.run.id) return timeline;
  switch (event.kind) {
    case "step_health":
      return event.split === timeline.split ? applyStepHealth(timeline, event.steps) : timeline;
    case "metrics":
      return applyMetrics(timeline, event.series);
    case "alert":
      return { ...timeline, alerts: mergeAlert(timeline.alerts, event.alert) };
    default:
      return timeline;
  }
}

function applyStepHealth(timeline: RunTimeline, steps: Extract<RunStreamEvent, { kind: "step_health" }>["steps"]): RunTimeline {
  if (steps.length === 0) return timeline;
  const held = new Set(timeline.health.points.map((p) => p.step));
  const points = mergeHealthSteps(timeline.health.points, steps, timeline.range, timeline.maxPoints);
  const totalSteps = timeline.health.totalSteps + steps.filter((s) => !held.has(s.step)).length;
  return {
    ...timeline,
    extent: extendExtent(timeline.extent, steps.map((s) => s.step)),
    health: { totalSteps, isDownsampled: points.length < totalSteps, points },
  };
}

function applyMetrics(timeline: RunTimeline, series: Extract<RunStreamEvent, { kind: "metrics" }>["series"]): RunTimeline {
  if (series.length === 0) return timeline;
  const newKeys = series.map((s) => s.key).filter((k) => !timeline.metricKeys.includes(k));
  const logsScore = timeline.score !== null || newKeys.includes(SCORE_METRIC_KEY);
  const score = logsScore ? (timeline.score ?? { key: SCORE_METRIC_KEY, totalPoints: 0, isDownsampled: false, points: [] }) : null;
  return {
    ...timeline,
    extent: extendExtent(timeline.extent, series.flatMap((s) => s.points.map((p) => p.step))),
    metricKeys: newKeys.length > 0 ? [...timeline.metricKeys, ...newKeys].sort() : timeline.metricKeys,
    metrics: mergeMetricPoints(timeline.metrics, series, timeline.range, timeline.maxPoints),
    score: score ? mergeMetricPoints([score], series, timeline.range, timeline.maxPoints)[0]! : null,
  };
}
