"use client";

import { CartesianGrid, ReferenceArea, ReferenceLine, type TooltipContentProps } from "recharts";
import type { ChartFrame } from "@/lib/domain/charts/chart-frame";
import type { NonFiniteMark } from "@/lib/domain/charts/non-finite-marks";
import { ALERT_COLORS, ALERT_DASH, PHASE_FILL_OPACITY, PHASE_FILLS, SELECTION_FILL } from "./chart-colors";

/**
 * Pieces every timeline chart draws the same way. They are plain functions returning Recharts
 * elements (not components) so the chart sees them as direct children.
 */

export const Y_AXIS_WIDTH = 48;
/** Every chart keeps a right gutter as wide as a y axis, so their plot areas (and steps) line up with the metric chart's right axis. */
export const CHART_MARGIN = { top: 16, right: 8 + Y_AXIS_WIDTH, bottom: 4, left: 0 };
export const CHART_MARGIN_WITH_RIGHT_AXIS = { ...CHART_MARGIN, right: 8 };
export const AXIS_TICK = { fill: "currentColor", fontSize: 12 };
/** Look of every axis. */
export const AXIS_STYLE = { tick: AXIS_TICK, stroke: "currentColor", strokeOpacity: 0.4, tickLine: false };

const NO_GRID_POINTS = () => [];

/**
 * Horizontal grid lines only. Recharts computes the vertical lines' positions even when they are
 * hidden, measuring the x label of every data point in a DOM span, each a forced layout (718 on
 * the page of a 2,000-step run with four charts); the empty generator skips that.
 */
export function horizontalGrid() {
  return (
    <CartesianGrid
      vertical={false}
      verticalCoordinatesGenerator={NO_GRID_POINTS}
      stroke="currentColor"
      strokeOpacity={0.15}
    />
  );
}

export function xAxisProps(frame: ChartFrame) {
  return {
    dataKey: "step",
    type: "number" as const,
    domain: frame.xDomain,
    ticks: frame.xTicks,
    allowDataOverflow: true,
    allowDecimals: false,
    ...AXIS_STYLE,
  };
}

export function phaseAreas(frame: ChartFrame, { isLabelled = true } = {}) {
  return frame.phases.map((band) => (
    <ReferenceArea
      key={`phase-${band.kind}-${band.x1}`}
      x1={band.x1}
      x2={band.x2}
      fill={PHASE_FILLS[band.kind]}
      fillOpacity={PHASE_FILL_OPACITY}
      stroke="none"
      ifOverflow="hidden"
      label={
        isLabelled ? { value: band.label, position: "insideTopLeft", fill: "currentColor", fontSize: 11 } : undefined
      }
    />
  ));
}

/**
 * Non-finite values of one series: a dashed line labelled "NaN" (or "+Inf", "-Inf") at a single step,
 * a shaded span labelled with the count where they run on, in the series' colour.
 */
export function nonFiniteMarkers(
  marks: readonly NonFiniteMark[],
  { color, yAxisId }: { color: string; yAxisId?: string },
) {
  return marks.map((mark) =>
    mark.fromStep === mark.toStep ? (
      <ReferenceLine
        key={`non-finite-${yAxisId ?? ""}-${mark.fromStep}`}
        x={mark.fromStep}
        yAxisId={yAxisId}
        stroke={color}
        strokeDasharray="2 2"
        ifOverflow="hidden"
        label={{ value: mark.label, position: "insideTop", fill: color, fontSize: 10 }}
      />
    ) : (
      <ReferenceArea
        key={`non-finite-${yAxisId ?? ""}-${mark.fromStep}`}
        x1={mark.fromStep}
        x2={mark.toStep}
        yAxisId={yAxisId}
        fill={color}
        fillOpacity={0.12}
        stroke={color}
        strokeDasharray="2 2"
        ifOverflow="hidden"
        label={{ value: mark.label, position: "insideTop", fill: color, fontSize: 10 }}
      />
    ),
  );
}

export function alertLines(frame: ChartFrame) {
  return frame.alerts.map((marker) => (
    <ReferenceLine
      key={`alert-${marker.id}`}
      x={marker.step}
      stroke={ALERT_COLORS[marker.severity]}
      strokeWidth={2}
      strokeDasharray={ALERT_DASH[marker.severity]}
      ifOverflow="hidden"
      label={{ value: "▼", position: "top", fill: ALERT_COLORS[marker.severity], fontSize: 10 }}
    />
  ));
}

export function selectionArea(selection: { x1: number; x2: number } | null) {
  return selection ? (
    <ReferenceArea x1={selection.x1} x2={selection.x2} fill={SELECTION_FILL} fillOpacity={0.25} stroke="none" />
  ) : null;
}

type TooltipBodyProps = Partial<Pick<TooltipContentProps, "active" | "payload" | "label">> & {
  formatValue: (value: number) => string;
  /** Extra line per step (e.g. turns counted, alerts). */
  note?: (step: number) => string | null;
};

/** Tooltip that follows the page theme (Recharts' default box is always white). */
export function ChartTooltip({ active, payload, label, formatValue, note }: TooltipBodyProps) {
  if (!active || !payload || payload.length === 0) return null;
  const step = Number(label);
  const extra = Number.isFinite(step) && note ? note(step) : null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white/95 px-3 py-2 text-xs text-zinc-900 shadow-sm dark:border-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-100">
      <p className="mb-1 font-medium">Step {label}</p>
      <ul className="space-y-0.5">
        {payload.map((item) => (
          <li key={String(item.dataKey)} className="flex items-center gap-2">
            <span aria-hidden className="inline-block size-2 rounded-full" style={{ background: item.color }} />
            <span className="flex-1">{item.name}</span>
            <span className="tabular-nums">{typeof item.value === "number" ? formatValue(item.value) : "no data"}</span>
          </li>
        ))}
      </ul>
      {extra ? <p className="mt-1 text-zinc-500 dark:text-zinc-400">{extra}</p> : null}
      <p className="mt-1 text-zinc-500 dark:text-zinc-400">click: rollouts · drag: zoom</p>
    </div>
  );
}

export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(value < 0.1 && value > 0 ? 1 : 0)}%`;
}

const compact = new Intl.NumberFormat("en", { maximumSignificantDigits: 3, notation: "compact" });
export function formatNumber(value: number): string {
  return Math.abs(value) >= 1e-3 || value === 0 ? compact.format(value) : value.toExponential(1);
}
