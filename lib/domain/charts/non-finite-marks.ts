import { nonFiniteName } from "../series/metric-value";
import type { SeriesPoint } from "../series/series-summary";

/**
 * Where a series holds non-finite values (a diverged run's NaN loss), for the chart to mark instead of
 * drawing a silent gap: consecutive non-finite points (no finite point of the series between them)
 * form one span. `label` names the values ("NaN", "+Inf", "-Inf", or several joined by "/"), with the
 * count when the span holds more than one point.
 */
export type NonFiniteMark = { fromStep: number; toStep: number; count: number; label: string };

const SHORT: Record<string, string> = { NaN: "NaN", Infinity: "+Inf", "-Infinity": "-Inf" };

export function nonFiniteMarks(points: readonly SeriesPoint[]): NonFiniteMark[] {
  const sorted = [...points].sort((a, b) => a.step - b.step);
  const marks: (NonFiniteMark & { names: Set<string> })[] = [];
  let open: (NonFiniteMark & { names: Set<string> }) | null = null;
  for (const { step, value } of sorted) {
    const name = nonFiniteName(value);
    if (name === null) {
      open = null;
      continue;
    }
    if (!open) marks.push((open = { fromStep: step, toStep: step, count: 0, label: "", names: new Set() }));
    open.toStep = step;
    open.count++;
    open.names.add(SHORT[name]!);
  }
  return marks.map(({ names, ...mark }) => ({
    ...mark,
    label: `${[...names].join("/")}${mark.count > 1 ? ` ×${mark.count}` : ""}`,
  }));
}
