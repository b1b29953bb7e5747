import type { AlertRecord, StepHealthPoint } from "../events/types";
import { downsampleMinMax, type SeriesPoint } from "../series/downsample-min-max";
import type { StepExtent, StepRange } from "./chart-frame";
import { downsampleHealth } from "./health-rows";

/**
 * Whether a streamed step belongs on screen: inside the zoom range when zoomed (an open end accepts
 * anything past the other end), anywhere when not zoomed.
 */
export function isStepInView(step: number, range: StepRange): boolean {
  const from = range.fromStep ?? -Infinity;
  const to = range.toStep ?? Infinity;
  return step >= from && step <= to;
}

/**
 * Replaces held steps by the streamed ones with the same step (a stream row carries the step's current
 * totals), inserts new ones in step order, and downsamples again to `maxRows` so a long live run
 * keeps a bounded number of rows. Steps outside the view are ignored.
 */
export function mergeHealthSteps(
  held: readonly StepHealthPoint[],
  incoming: readonly StepHealthPoint[],
  range: StepRange,
  maxRows: number,
): StepHealthPoint[] {
  const visible = incoming.filter((p) => isStepInView(p.step, range));
  if (visible.length === 0) return [...held];
  const byStep = new Map(held.map((p) => [p.step, p]));
  for (const point of visible) byStep.set(point.step, point);
  return downsampleHealth([...byStep.values()], maxRows);
}

export type LiveSeries = { key: string; totalPoints: number; isDownsampled: boolean; points: SeriesPoint[] };

/** Adds streamed points to the series being shown (same step: the stream wins), then min/max-downsamples to `maxPoints`. */
export function mergeMetricPoints<S extends LiveSeries>(
  held: readonly S[],
  incoming: readonly { key: string; points: readonly SeriesPoint[] }[],
  range: StepRange,
  maxPoints: number,
): S[] {
  return held.map((series) => {
    const added = incoming
      .filter((s) => s.key === series.key)
      .flatMap((s) => s.points)
      .filter((p) => isStepInView(p.step, range));
    if (added.length === 0) return series;
    const byStep = new Map(series.points.map((p) => [p.step, p]));
    let fresh = 0;
    for (const point of added) {
      if (!byStep.has(point.step)) fresh++;
      byStep.set(point.step, { step: point.step, value: point.value });
    }
    const points = downsampleMinMax([...byStep.values()], maxPoints);
    const totalPoints = series.totalPoints + fresh;
    return { ...series, totalPoints, isDownsampled: points.length < totalPoints, points };
  });
}

/** Adds an alert once (by id); newest first: latest step first, then latest raised (as the server lists them). */
export function mergeAlert(held: readonly AlertRecord[], alert: AlertRecord): AlertRecord[] {
  return [alert, ...held.filter((a) => a.id !== alert.id)].sort((a, b) => b.step - a.step || b.id - a.id);
}

/** Widens the known first..last step by streamed steps. */
export function extendExtent(extent: StepExtent, steps: readonly number[]): StepExtent {
  let { first, last } = extent;
  for (const step of steps) {
    if (first === null || step < first) first = step;
    if (last === null || step > last) last = step;
  }
  return { first, last };
}
