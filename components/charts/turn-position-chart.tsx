"use client";

import { Bar, BarChart, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { STATE_COLORS, STATE_LABELS } from "@/components/ui/palette";
import { STRUCTURAL_STATES } from "@/lib/domain/classifier/types";
import type { TurnPositionChartModel, TurnPositionRow } from "@/lib/domain/charts/prepare-evaluation-charts";
import { AXIS_STYLE, Y_AXIS_WIDTH, formatPercent, horizontalGrid } from "./step-chart-parts";

const SHARE_TICKS = [0, 0.25, 0.5, 0.75, 1];

type Props = { model: TurnPositionChartModel; height?: number };

/**
 * Share of each structural state at assistant turn 1, 2, 3, ... across an evaluation's dialogues,
 * one stacked bar per position; positions few dialogues reach are faded, the structure break marked.
 */
export function TurnPositionChart({ model, height = 260 }: Props) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={model.rows} margin={{ top: 18, right: 8, bottom: 4, left: 0 }} barCategoryGap="12%">
        {horizontalGrid()}
        <XAxis {...AXIS_STYLE} dataKey="label" interval="preserveStartEnd" />
        <YAxis {...AXIS_STYLE} width={Y_AXIS_WIDTH} domain={[0, 1]} ticks={SHARE_TICKS} tickFormatter={formatPercent} />
        <Tooltip
          cursor={{ fillOpacity: 0.08 }}
          content={({ active, payload }) => (
            <PositionTooltip active={active} row={payload?.[0]?.payload as TurnPositionRow | undefined} />
          )}
        />
        {STRUCTURAL_STATES.map((state) => (
          <Bar
            key={state}
            dataKey={state}
            name={STATE_LABELS[state]}
            stackId="states"
            fill={STATE_COLORS[state]}
            isAnimationActive={false}
          >
            {model.rows.map((row) => (
              <Cell key={row.position} fillOpacity={row.isSparse ? 0.35 : 1} />
            ))}
          </Bar>
        ))}
        {model.breakLabel ? (
          <ReferenceLine
            x={model.breakLabel}
            stroke="currentColor"
            strokeWidth={2}
            strokeDasharray="4 2"
            label={{ value: "break", position: "top", fill: "currentColor", fontSize: 11 }}
          />
        ) : null}
      </BarChart>
    </ResponsiveContainer>
  );
}

function PositionTooltip({ active, row }: { active?: boolean; row: TurnPositionRow | undefined }) {
  if (!active || !row) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white/95 px-3 py-2 text-xs text-zinc-900 shadow-sm dark:border-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-100">
      <p className="mb-1 font-medium">
        Assistant turn {row.position} · {row.dialogues} dialogue{row.dialogues === 1 ? "" : "s"} reach it
      </p>
      <ul className="space-y-0.5">
        {STRUCTURAL_STATES.map((state) => (
          <li key={state} className="flex items-center gap-2">
            <span
              aria-hidden
              className="inline-block size-2 rounded-full"
              style={{ background: STATE_COLORS[state] }}
            />
            <span className="flex-1">{STATE_LABELS[state]}</span>
            <span className="tabular-nums">{formatPercent(row[state])}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
