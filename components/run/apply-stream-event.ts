import { extendExtent, mergeAlert, mergeHealthSteps, mergeMetricPoints } from "@/lib/domain/charts/merge-live-updates";
import { pointsFromWire } from "@/lib/domain/series/metric-value";
import { scoreMetricKey } from "@/lib/domain/series/score-metric";
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

function applyStepHealth(
  timeline: RunTimeline,
  steps: Extract<RunStreamEvent, { kind: "step_health" }>["steps"],
): RunTimeline {
  if (steps.length === 0) return timeline;
  const held = new Set(timeline.health.points.map((p) => p.step));
  const points = mergeHealthSteps(timeline.health.points, steps, timeline.range, timeline.maxPoints);
  const totalSteps = timeline.health.totalSteps + steps.filter((s) => !held.has(s.step)).length;
  return {
    ...timeline,
    extent: extendExtent(
      timeline.extent,
      steps.map((s) => s.step),
    ),
    health: { totalSteps, isDownsampled: points.length < totalSteps, points },
  };
}

function applyMetrics(
  timeline: RunTimeline,
  wireSeries: Extract<RunStreamEvent, { kind: "metrics" }>["series"],
): RunTimeline {
  if (wireSeries.length === 0) return timeline;
  // The stream writes NaN and infinities by name (nonFiniteAsName).
  const series = wireSeries.map((s) => ({ key: s.key, points: pointsFromWire(s.points) }));
  const newKeys = series.map((s) => s.key).filter((k) => !timeline.metricKeys.includes(k));
  const newScoreKey = timeline.score === null ? scoreMetricKey(newKeys) : null;
  const score =
    timeline.score ??
    (newScoreKey === null ? null : { key: newScoreKey, totalPoints: 0, isDownsampled: false, points: [] });
  return {
    ...timeline,
    extent: extendExtent(
      timeline.extent,
      series.flatMap((s) => s.points.map((p) => p.step)),
    ),
    metricKeys: newKeys.length > 0 ? [...timeline.metricKeys, ...newKeys].sort() : timeline.metricKeys,
    metrics: mergeMetricPoints(timeline.metrics, series, timeline.range, timeline.maxPoints),
    score: score ? mergeMetricPoints([score], series, timeline.range, timeline.maxPoints)[0]! : null,
  };
}
