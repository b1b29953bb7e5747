"use client";

import { Area, Bar, ComposedChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartFrame } from "@/lib/domain/charts/chart-frame";
import type { StateChartModel } from "@/lib/domain/charts/prepare-state-chart";
import { STATE_COLORS, STATE_LABELS } from "@/components/ui/palette";
import { useStepInteraction, type StepInteraction } from "./use-step-interaction";
import {
  alertLines,
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

type StatesChartProps = { model: StateChartModel; frame: ChartFrame; interaction: StepInteraction; height?: number };

/**
 * Structural states per step as a 100% stacked area, alert markers drawn over it. With one or two
 * steps (an eval run) an area has nothing to span, so the stack is drawn as bars.
 */
export function StatesChart({ model, frame, interaction, height = 260 }: StatesChartProps) {
  const { chartHandlers, selection } = useStepInteraction(model.rows, interaction);
  const turnsAt = new Map(model.rows.map((r) => [r.step, r.turns]));
  const isSparse = model.rows.length < 3;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={model.rows} margin={CHART_MARGIN} {...chartHandlers}>
        {horizontalGrid()}
        {phaseAreas(frame)}
        <XAxis {...xAxisProps(frame)} />
        <YAxis {...AXIS_STYLE} domain={model.yDomain} tickFormatter={formatPercent} width={Y_AXIS_WIDTH} />
        <Tooltip
          content={({ active, payload, label }) => (
            <ChartTooltip
              active={active}
              payload={payload}
              label={label}
              formatValue={formatPercent}
              note={(step) => `${turnsAt.get(step) ?? 0} assistant turns`}
            />
          )}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {model.states.map((state) =>
          isSparse ? (
            <Bar
              key={state}
              dataKey={state}
              name={STATE_LABELS[state]}
              stackId="states"
              fill={STATE_COLORS[state]}
              barSize={48}
              isAnimationActive={false}
            />
          ) : (
            <Area
              key={state}
              dataKey={state}
              name={STATE_LABELS[state]}
              stackId="states"
              type="linear"
              stroke={STATE_COLORS[state]}
              fill={STATE_COLORS[state]}
              fillOpacity={0.75}
              connectNulls={false}
              isAnimationActive={false}
            />
          ),
        )}
        {alertLines(frame)}
        {selectionArea(selection)}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
