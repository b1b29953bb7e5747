"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartFrame } from "@/lib/domain/charts/chart-frame";
import type { ScoreChartModel } from "@/lib/domain/charts/prepare-score-chart";
import { SCORE_COLOR } from "./chart-colors";
import { useStepInteraction, type StepInteraction } from "./use-step-interaction";
import {
  AXIS_STYLE,
  CHART_MARGIN,
  ChartTooltip,
  Y_AXIS_WIDTH,
  formatNumber,
  nonFiniteMarkers,
  phaseAreas,
  selectionArea,
  xAxisProps,
  horizontalGrid,
} from "./step-chart-parts";

type ScoreChartProps = { model: ScoreChartModel; frame: ChartFrame; interaction: StepInteraction; height?: number };

/** Task score (logged metric or mean reward) per step; gaps where a step has no score, marks where it was NaN. */
export function ScoreChart({ model, frame, interaction, height = 200 }: ScoreChartProps) {
  const { chartHandlers, selection } = useStepInteraction(model.rows, interaction);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={model.rows} margin={CHART_MARGIN} {...chartHandlers}>
        {horizontalGrid()}
        {phaseAreas(frame)}
        <XAxis {...xAxisProps(frame)} />
        <YAxis {...AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatNumber} />
        <Tooltip
          content={({ active, payload, label }) => (
            <ChartTooltip active={active} payload={payload} label={label} formatValue={(v) => v.toFixed(3)} />
          )}
        />
        <Line
          dataKey="value"
          name={model.yLabel}
          stroke={SCORE_COLOR}
          strokeWidth={2}
          dot={model.rows.length < 3}
          connectNulls={false}
          isAnimationActive={false}
        />
        {nonFiniteMarkers(model.nonFinite, { color: SCORE_COLOR })}
        {selectionArea(selection)}
      </LineChart>
    </ResponsiveContainer>
  );
}
