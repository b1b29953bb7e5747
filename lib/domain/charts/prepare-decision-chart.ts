import type { AlertRecord } from "../events/types";
import { formatProbability } from "./format-probability";
import { spikeDetails } from "./prepare-spike-alerts";

/** One decision point of one probe on one checkpoint (GET /api/runs/:id/decision-points). */
export type DecisionInputPoint = {
  step: number;
  checkpointId: string;
  index: number;
  position: number;
  probabilities: Readonly<Record<string, number | null>>;
};

/** The paper's three next-token probabilities at the decision point (domain.md §3), in drawing order. */
export const DECISION_TOKENS = ['{"', "<|im_end|>", "<tool_call>"] as const;
const MEANINGS: Record<string, string> = {
  '{"': "JSON call follows (healthy)",
  "<|im_end|>": "turn ends (collapse)",
  "<tool_call>": "repeated tag",
};

export type DecisionSeries = { key: string; token: string; label: string };
/** Keyed by series key (`s0`, `s1`…): `values` are drawn (clamped to the floor on a log axis), `raw` as measured, `labels` for tooltips. */
export type DecisionRow = {
  step: number;
  checkpointId: string;
  values: Record<string, number | null>;
  raw: Record<string, number | null>;
  labels: Record<string, string>;
};

export type DecisionChartModel = {
  series: DecisionSeries[];
  rows: DecisionRow[];
  /** the decision points seen on any checkpoint, by order within the probe */
  points: { index: number; position: number }[];
  pointIndex: number;
  note: string | null;
  xDomain: [number, number];
  /** the checkpoint steps when there are few, else undefined (the axis picks ticks) */
  xTicks: number[] | undefined;
  scale: "log" | "linear";
  yDomain: [number, number];
  yTicks: number[];
  /** spike alerts at the plotted steps; `isThisProbe` when one of its spikes is in this probe */
  spikes: { step: number; alertId: number; severity: "warning" | "critical"; isThisProbe: boolean }[];
  hasValues: boolean;
};

const MAX_STEP_TICKS = 12;

/** A log axis goes no lower than this; smaller values are drawn on the floor (the tooltip tells the truth). */
export const LOG_FLOOR = 1e-6;

/**
 * The decision-point chart of one probe: per scored checkpoint step, P(`{"`), P(`<|im_end|>`),
 * P(`<tool_call>`) (and any other token the points carry) at decision point `pointIndex` (default
 * the first). The y axis is logarithmic when the smallest positive value is under 0.01.
 */
export function prepareDecisionChart(
  input: readonly DecisionInputPoint[],
  alerts: readonly AlertRecord[],
  probe: string,
  pointIndex = 0,
): DecisionChartModel {
  const points = distinctPoints(input);
  const chosen = points.some((p) => p.index === pointIndex) ? pointIndex : (points[0]?.index ?? 0);
  const picked = input.filter((p) => p.index === chosen).sort((a, b) => a.step - b.step);
  const series = seriesOf(picked);
  const { scale, yDomain, yTicks } = axisOf(picked);
  const rows = picked.map((p): DecisionRow => {
    const row: DecisionRow = { step: p.step, checkpointId: p.checkpointId, values: {}, raw: {}, labels: {} };
    for (const s of series) {
      const v = p.probabilities[s.token];
      const value = typeof v === "number" && Number.isFinite(v) ? v : null;
      row.raw[s.key] = value;
      row.labels[s.key] = formatProbability(value);
      row.values[s.key] = value === null ? null : scale === "log" ? Math.max(value, yDomain[0]) : value;
    }
    return row;
  });
  const steps = new Set(rows.map((r) => r.step));
  const spikes = alerts
    .filter((a) => a.kind === "control_token_spike" && steps.has(a.step))
    .map((a) => ({
      step: a.step,
      alertId: a.id,
      severity: a.severity,
      isThisProbe: spikeDetails(a)?.spikes.some((s) => s.probe === probe) ?? false,
    }));
  const where = points.find((p) => p.index === chosen);
  const note =
    points.length > 1 && where
      ? `This probe has ${points.length} decision points; showing #${chosen + 1} (token position ${where.position}).`
      : null;
  const first = rows[0]?.step ?? 0;
  const last = rows[rows.length - 1]?.step ?? 0;
  const xDomain: [number, number] = first === last ? [first - 1, last + 1] : [first, last];
  const hasValues = rows.some((r) => series.some((s) => r.raw[s.key] !== null));
  const xTicks = rows.length <= MAX_STEP_TICKS ? rows.map((r) => r.step) : undefined;
  return { series, rows, points, pointIndex: chosen, note, xDomain, xTicks, scale, yDomain, yTicks, spikes, hasValues };
}

function distinctPoints(input: readonly DecisionInputPoint[]): { index: number; position: number }[] {
  const byIndex = new Map<number, number>();
  for (const p of input) if (!byIndex.has(p.index)) byIndex.set(p.index, p.position);
  return [...byIndex].sort((a, b) => a[0] - b[0]).map(([index, position]) => ({ index, position }));
}

function seriesOf(points: readonly DecisionInputPoint[]): DecisionSeries[] {
  const seen = new Set<string>();
  for (const p of points) for (const token of Object.keys(p.probabilities)) seen.add(token);
  const extra = [...seen].filter((t) => !(DECISION_TOKENS as readonly string[]).includes(t)).sort();
  const tokens = [...DECISION_TOKENS.filter((t) => seen.has(t)), ...extra];
  return tokens.map((token, i) => ({
    key: `s${i}`,
    token,
    label: MEANINGS[token] ? `P(${token}) · ${MEANINGS[token]}` : `P(${token})`,
  }));
}

function axisOf(points: readonly DecisionInputPoint[]): Pick<DecisionChartModel, "scale" | "yDomain" | "yTicks"> {
  let minPositive = Infinity;
  for (const p of points) {
    for (const v of Object.values(p.probabilities))
      if (typeof v === "number" && v > 0 && v < minPositive) minPositive = v;
  }
  if (!(minPositive < 0.01)) return { scale: "linear", yDomain: [0, 1], yTicks: [0, 0.25, 0.5, 0.75, 1] };
  const lowest = Math.max(Math.floor(Math.log10(minPositive)), Math.log10(LOG_FLOOR));
  const yTicks = Array.from({ length: -lowest + 1 }, (_, i) => decade(lowest + i));
  return { scale: "log", yDomain: [decade(lowest), 1], yTicks };
}

/** 10^n without the float error of `10 ** -4` (0.00009999999999999999). */
function decade(n: number): number {
  return Number(`1e${n}`);
}
