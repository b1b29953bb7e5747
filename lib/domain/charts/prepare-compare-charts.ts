import type { SurvivalPoint } from "../compare/survival";
import type { Phase } from "../ingest/schemas";

/** One row per step for a multi-line chart: each line's value at that step, or null where it has none. */
export type OverlayRow = { step: number } & Record<string, number | null>;

/**
 * Merges several step series (downsampled independently, so their steps differ) into rows keyed by
 * step, each line under its own key. Lines are drawn with connectNulls, so a missing step is bridged.
 */
export function overlayRows(
  lines: readonly { key: string; points: readonly { step: number; value: number }[] }[],
): OverlayRow[] {
  const rows = new Map<number, OverlayRow>();
  for (const line of lines) {
    for (const point of line.points) {
      const row = rows.get(point.step) ?? ({ step: point.step } as OverlayRow);
      row[line.key] = point.value;
      rows.set(point.step, row);
    }
  }
  const keys = lines.map((l) => l.key);
  return [...rows.values()]
    .sort((a, b) => a.step - b.step)
    .map((row) => ({ ...Object.fromEntries(keys.map((k) => [k, null])), ...row }) as OverlayRow);
}

/** The SFT phases of the runs, once per regime and step range, to shade in the regime's colour. */
export function sftBands(
  runs: readonly { regime: string | null; phases: readonly Phase[] }[],
): { regime: string | null; startStep: number; endStep: number }[] {
  const seen = new Set<string>();
  return runs.flatMap((run) =>
    run.phases
      .filter((p) => p.kind === "sft")
      .filter((p) => {
        const key = `${run.regime}\u0000${p.startStep}\u0000${p.endStep}`;
        return !seen.has(key) && seen.add(key);
      })
      .map((p) => ({ regime: run.regime, startStep: p.startStep, endStep: p.endStep })),
  );
}

/**
 * Survival curves of several regimes as rows for step-shaped lines: at every step where any curve
 * changes, each regime's survival carried forward from its last point, and null past its last point.
 */
export function survivalRows(curves: readonly { regime: string; points: readonly SurvivalPoint[] }[]): OverlayRow[] {
  const steps = [...new Set(curves.flatMap((c) => c.points.map((p) => p.step)))].sort((a, b) => a - b);
  return steps.map((step) => {
    const row = { step } as OverlayRow;
    for (const curve of curves) {
      const last = curve.points.at(-1);
      const current = [...curve.points].reverse().find((p) => p.step <= step);
      row[curve.regime] = last && step <= last.step && current ? current.survival : null;
    }
    return row;
  });
}
