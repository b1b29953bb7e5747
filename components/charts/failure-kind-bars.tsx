"use client";

import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FailureKindBar } from "@/lib/domain/charts/prepare-evaluation-charts";
import { AXIS_STYLE, formatPercent } from "./step-chart-parts";

const BAR_HEIGHT = 26;
const LABEL_WIDTH = 128;
const TICK_STEPS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25];

/** Failure kinds as labelled horizontal bars: the share of assistant turns showing each (a turn can show several). */
export function FailureKindBars({ bars }: { bars: FailureKindBar[] }) {
  const max = Math.max(...bars.map((b) => b.share), 0);
  // At most six ticks on round shares, so no two ticks round to the same label.
  const step = TICK_STEPS.find((s) => max / s <= 5) ?? 0.25;
  const ticks = Array.from({ length: Math.floor(max / step) + 2 }, (_, i) => Number((i * step).toFixed(4)));
  return (
    <ResponsiveContainer width="100%" height={bars.length * BAR_HEIGHT + 40}>
      <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 56, bottom: 4, left: 0 }}>
        <CartesianGrid horizontal={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis
          {...AXIS_STYLE}
          type="number"
          domain={[0, ticks[ticks.length - 1] ?? 1]}
          ticks={ticks}
          tickFormatter={formatPercent}
        />
        <YAxis {...AXIS_STYLE} interval={0} type="category" dataKey="label" width={LABEL_WIDTH} />
        <Tooltip
          cursor={{ fillOpacity: 0.08 }}
          content={({ active, payload }) => (
            <BarTooltip active={active} bar={payload?.[0]?.payload as FailureKindBar | undefined} />
          )}
        />
        <Bar dataKey="share" name="share of turns" fill="#d97706" isAnimationActive={false}>
          <LabelList
            dataKey="share"
            position="right"
            formatter={(v) => formatPercent(Number(v))}
            fill="currentColor"
            fontSize={11}
          />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

function BarTooltip({ active, bar }: { active?: boolean; bar: FailureKindBar | undefined }) {
  if (!active || !bar) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white/95 px-3 py-2 text-xs text-zinc-900 shadow-sm dark:border-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-100">
      <p className="font-medium">{bar.label}</p>
      <p className="tabular-nums">
        {bar.turns} turns · {formatPercent(bar.share)} of all assistant turns
      </p>
    </div>
  );
}
