"use client";

import {
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import type { DecisionChartModel, DecisionRow } from "@/lib/domain/charts/prepare-decision-chart";
import { STATE_COLORS } from "@/components/ui/palette";
import { ALERT_COLORS, seriesColor } from "./chart-colors";
import { AXIS_STYLE, CHART_MARGIN, Y_AXIS_WIDTH, formatNumber, horizontalGrid } from "./step-chart-parts";

/** The healthy continuation, the collapse and the repeated tag, in the state palette's colours. */
const TOKEN_COLORS: Record<string, string> = {
  '{"': STATE_COLORS.healthy_tool_call,
  "<|im_end|>": STATE_COLORS.full_collapse,
  "<tool_call>": STATE_COLORS.text_pollution,
};

type DecisionChartProps = {
  model: DecisionChartModel;
  height?: number;
  onPickCheckpoint?: (checkpointId: string) => void;
};

/** Decision-point probabilities per checkpoint step; spike alerts as vertical lines (dashed: another probe's spike). */
export function DecisionChart({ model, height = 280, onPickCheckpoint }: DecisionChartProps) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart
        data={model.rows}
        margin={CHART_MARGIN}
        onClick={(state) => {
          const row = model.rows[Number(state?.activeIndex ?? state?.activeTooltipIndex)];
          if (row && onPickCheckpoint) onPickCheckpoint(row.checkpointId);
        }}
      >
        {horizontalGrid()}
        <XAxis
          {...AXIS_STYLE}
          dataKey="step"
          type="number"
          domain={model.xDomain}
          ticks={model.xTicks}
          allowDecimals={false}
        />
        <YAxis
          {...AXIS_STYLE}
          scale={model.scale}
          domain={model.yDomain}
          ticks={model.yTicks}
          allowDataOverflow
          width={Y_AXIS_WIDTH}
          tickFormatter={formatNumber}
        />
        <Tooltip content={(props) => <DecisionTooltip {...props} model={model} />} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {model.series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={`values.${s.key}`}
            name={s.label}
            stroke={TOKEN_COLORS[s.token] ?? seriesColor(i)}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
        {model.spikes.map((spike) => (
          <ReferenceLine
            key={`spike-${spike.alertId}`}
            x={spike.step}
            stroke={ALERT_COLORS[spike.severity]}
            strokeWidth={2}
            strokeOpacity={spike.isThisProbe ? 1 : 0.5}
            strokeDasharray={spike.isThisProbe ? undefined : "4 3"}
            ifOverflow="hidden"
            label={{ value: "▼", position: "top", fill: ALERT_COLORS[spike.severity], fontSize: 10 }}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

function DecisionTooltip({
  active,
  payload,
  model,
}: Partial<Pick<TooltipContentProps, "active" | "payload">> & { model: DecisionChartModel }) {
  const row = payload?.[0]?.payload as DecisionRow | undefined;
  if (!active || !row) return null;
  const spikes = model.spikes.filter((s) => s.step === row.step);
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-900 shadow-sm dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
      <p className="mb-1 font-medium">Checkpoint step {row.step}</p>
      <ul className="space-y-0.5">
        {model.series.map((s, i) => (
          <li key={s.key} className="flex items-center gap-2">
            <span
              aria-hidden
              className="inline-block size-2 rounded-full"
              style={{ background: TOKEN_COLORS[s.token] ?? seriesColor(i) }}
            />
            <span className="flex-1 font-mono">P({s.token})</span>
            <span className="tabular-nums">{row.labels[s.key]}</span>
          </li>
        ))}
      </ul>
      {spikes.length > 0 ? (
        <p className="mt-1 text-fuchsia-700 dark:text-fuchsia-300">
          {spikes.some((s) => s.isThisProbe) ? "Spike alert on this probe" : "Spike alert on another probe"}
        </p>
      ) : null}
      <p className="mt-1 text-zinc-500 dark:text-zinc-400">click: token view</p>
    </div>
  );
}
