"use client";

import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartFrame } from "@/lib/domain/charts/chart-frame";
import type { FailureChartModel } from "@/lib/domain/charts/prepare-failure-chart";
import { seriesColor } from "./chart-colors";
import { useStepInteraction, type StepInteraction } from "./use-step-interaction";
import {
  AXIS_STYLE,
  CHART_MARGIN,
  ChartTooltip,
  Y_AXIS_WIDTH,
  formatPercent,
  phaseAreas,
  selectionArea,
  xAxisProps,
  horizontalGrid,
} from "./step-chart-parts";

type FailuresChartProps = {
  model: FailureChartModel;
  frame: ChartFrame;
  interaction: StepInteraction;
  height?: number;
};

/** One line per failure kind: the share of the step's assistant turns showing it. */
export function FailuresChart({ model, frame, interaction, height = 220 }: FailuresChartProps) {
  const { chartHandlers, selection } = useStepInteraction(model.rows, interaction);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={model.rows} margin={CHART_MARGIN} {...chartHandlers}>
        {horizontalGrid()}
        {phaseAreas(frame, { isLabelled: false })}
        <XAxis {...xAxisProps(frame)} />
        <YAxis {...AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatPercent} />
        <Tooltip
          content={({ active, payload, label }) => (
            <ChartTooltip active={active} payload={payload} label={label} formatValue={formatPercent} />
          )}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {model.series.map((series, i) => (
          <Line
            key={series.key}
            dataKey={series.key}
            name={series.label}
            stroke={seriesColor(i)}
            strokeWidth={1.5}
            dot={model.rows.length < 3}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
        {selectionArea(selection)}
      </LineChart>
    </ResponsiveContainer>
  );
}
