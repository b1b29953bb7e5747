import type { AlertKind, AlertSeverity } from "../alerts/types";
import type { Phase } from "../ingest/schemas";
import { ALERT_KIND_LABELS } from "./alert-links";

export type StepExtent = { first: number | null; last: number | null };
export type StepRange = { fromStep?: number | null; toStep?: number | null };

/** A shaded phase, in chart x units: steps are integers, a band covers [startStep - 0.5, endStep + 0.5]. */
export type PhaseBand = { kind: Phase["kind"]; label: "SFT" | "RL"; x1: number; x2: number };
/** The alerts of one step; `id` is the first alert's, for React keys. */
export type AlertMarker = { id: number; step: number; kinds: AlertKind[]; severity: AlertSeverity; label: string };

/** What every timeline chart shares: the step domain and the decorations drawn over it. */
export type ChartFrame = {
  xDomain: [number, number];
  /** Round step numbers (multiples of 1, 2 or 5 × 10^k) inside the domain, so zoomed axes read 100, 110, … not 102, 113, … */
  xTicks: number[];
  phases: PhaseBand[];
  alerts: AlertMarker[];
};

type FrameInput = {
  extent: StepExtent;
  range: StepRange;
  phases: readonly Phase[];
  alerts: readonly { id: number; step: number; kind: AlertKind; severity: AlertSeverity }[];
};

/**
 * The shared x domain is the zoom range when set, else the split's first..last step; null when
 * neither is known (no data yet). A one-step domain is widened by half a step each side so the
 * point has room. Phases and alerts outside the domain are dropped; bands are clipped to it.
 */
export function prepareChartFrame({ extent, range, phases, alerts }: FrameInput): ChartFrame | null {
  const from = range.fromStep ?? extent.first;
  const to = range.toStep ?? extent.last;
  if (from === null || from === undefined || to === null || to === undefined) return null;
  const xDomain: [number, number] = from === to ? [from - 0.5, to + 0.5] : [Math.min(from, to), Math.max(from, to)];

  const bands: PhaseBand[] = [];
  for (const phase of phases) {
    const x1 = Math.max(xDomain[0], phase.startStep - 0.5);
    const x2 = Math.min(xDomain[1], phase.endStep + 0.5);
    if (x1 < x2) bands.push({ kind: phase.kind, label: phase.kind === "sft" ? "SFT" : "RL", x1, x2 });
  }
  return { xDomain, xTicks: roundTicks(xDomain), phases: bands, alerts: alertMarkers(alerts, xDomain) };
}

/** About `target` integer ticks at a round spacing inside [from, to]; a one-step domain gets its step. */
export function roundTicks([from, to]: [number, number], target = 6): number[] {
  const span = to - from;
  if (span <= 1) return [Math.round((from + to) / 2)];
  const raw = span / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const spacing = Math.max(1, ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude);
  const ticks: number[] = [];
  for (let t = Math.ceil(from / spacing) * spacing; t <= to; t += spacing) ticks.push(t);
  return ticks;
}

/** One marker per alerting step inside the domain (several kinds often fire together): the worst severity, all labels. */
function alertMarkers(alerts: FrameInput["alerts"], [from, to]: [number, number]): AlertMarker[] {
  const byStep = new Map<number, AlertMarker>();
  for (const { id, step, kind, severity } of alerts) {
    if (step < from || step > to) continue;
    const held = byStep.get(step);
    if (!held) {
      byStep.set(step, { id, step, kinds: [kind], severity, label: ALERT_KIND_LABELS[kind] });
      continue;
    }
    held.kinds.push(kind);
    held.label = `${held.label}; ${ALERT_KIND_LABELS[kind]}`;
    if (severity === "critical") held.severity = "critical";
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}
