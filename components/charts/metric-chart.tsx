"use client";

import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartFrame } from "@/lib/domain/charts/chart-frame";
import type { MetricChartModel } from "@/lib/domain/charts/prepare-metric-chart";
import { seriesColor } from "./chart-colors";
import { useStepInteraction, type StepInteraction } from "./use-step-interaction";
import {
  AXIS_STYLE,
  AXIS_TICK,
  CHART_MARGIN,
  CHART_MARGIN_WITH_RIGHT_AXIS,
  ChartTooltip,
  Y_AXIS_WIDTH,
  formatNumber,
  nonFiniteMarkers,
  phaseAreas,
  selectionArea,
  xAxisProps,
  horizontalGrid,
} from "./step-chart-parts";

type MetricChartProps = { model: MetricChartModel; frame: ChartFrame; interaction: StepInteraction; height?: number };

/**
 * Logged metrics as lines over one x axis. Keys differ in scale (entropy vs. response length), so
 * each line has its own y axis: the first drawn on the left, the second on the right, the others
 * hidden (their values are in the tooltip). Non-finite values are marked where they occur.
 */
export function MetricChart({ model, frame, interaction, height = 220 }: MetricChartProps) {
  const { chartHandlers, selection } = useStepInteraction(model.rows, interaction);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart
        data={model.rows}
        margin={model.series.length > 1 ? CHART_MARGIN_WITH_RIGHT_AXIS : CHART_MARGIN}
        {...chartHandlers}
      >
        {horizontalGrid()}
        {phaseAreas(frame, { isLabelled: false })}
        <XAxis {...xAxisProps(frame)} />
        {model.series.map((series, i) => (
          <YAxis
            {...AXIS_STYLE}
            key={series.field}
            yAxisId={series.field}
            orientation={i === 1 ? "right" : "left"}
            hide={i > 1}
            width={Y_AXIS_WIDTH}
            domain={["auto", "auto"]}
            tick={{ ...AXIS_TICK, fill: seriesColor(i) }}
            tickFormatter={formatNumber}
          />
        ))}
        <Tooltip
          content={({ active, payload, label }) => (
            <ChartTooltip active={active} payload={payload} label={label} formatValue={formatNumber} />
          )}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {model.series.map((series, i) => (
          <Line
            key={series.field}
            yAxisId={series.field}
            dataKey={series.field}
            name={series.isDownsampled ? `${series.key} (min/max of ${series.totalPoints})` : series.key}
            stroke={seriesColor(i)}
            strokeWidth={1.5}
            dot={model.rows.length < 3}
            connectNulls
            isAnimationActive={false}
          />
        ))}
        {model.series.flatMap((series, i) =>
          nonFiniteMarkers(series.nonFinite, { color: seriesColor(i), yAxisId: series.field }),
        )}
        {selectionArea(selection)}
      </LineChart>
    </ResponsiveContainer>
  );
}
