"use client";

import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  AXIS_STYLE,
  CHART_MARGIN,
  ChartTooltip,
  Y_AXIS_WIDTH,
  formatPercent,
  horizontalGrid,
} from "@/components/charts/step-chart-parts";
import { regimeColor } from "@/components/ui/palette";
import { survivalRows } from "@/lib/domain/charts/prepare-compare-charts";
import type { RegimeSummary } from "@/lib/domain/compare/compare-table";

/** Fraction of each regime's runs not yet collapsed against step (Kaplan–Meier; runs that end healthy are censored). */
export function SurvivalChart({ regimes }: { regimes: RegimeSummary[] }) {
  const judged = regimes.filter((r) => r.survival.length > 0);
  if (judged.length === 0)
    return <p className="text-sm text-zinc-500">No training runs in this selection, so no survival curve.</p>;
  const rows = survivalRows(judged.map((r) => ({ regime: r.regime, points: r.survival })));
  return (
    <div data-testid="survival-chart">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={CHART_MARGIN}>
          {horizontalGrid()}
          <XAxis {...AXIS_STYLE} dataKey="step" type="number" domain={[0, "dataMax"]} />
          <YAxis {...AXIS_STYLE} width={Y_AXIS_WIDTH} domain={[0, 1]} tickFormatter={formatPercent} />
          <Tooltip
            content={({ active, payload, label }) => (
              <ChartTooltip active={active} payload={payload} label={label} formatValue={formatPercent} />
            )}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {judged.map((r) => (
            <Line
              key={r.regime}
              dataKey={r.regime}
              name={`${r.regime}: ${r.collapsed} of ${r.judged} collapsed`}
              type="stepAfter"
              stroke={regimeColor(r.regime)}
              strokeWidth={2}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
