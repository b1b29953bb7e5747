"use client";

import {
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import {
  AXIS_STYLE,
  CHART_MARGIN,
  ChartTooltip,
  Y_AXIS_WIDTH,
  formatNumber,
  formatPercent,
  horizontalGrid,
} from "@/components/charts/step-chart-parts";
import { regimeColor } from "@/components/ui/palette";
import { overlayRows, sftBands } from "@/lib/domain/charts/prepare-compare-charts";
import { SCORE_SMOOTH_STEPS } from "@/lib/domain/compare/score-summary";
import type { CompareRunSeries } from "@/lib/server/compare/get-compare-series";

/** Seeds of one regime share its colour and differ in dash pattern. */
const SEED_DASHES = [undefined, "6 3", "2 3", "10 3 2 3", "1 4"];

type Panel = {
  title: string;
  pick: (s: CompareRunSeries) => CompareRunSeries["score"];
  isRate: boolean;
  replay?: boolean;
};

const PANELS: Panel[] = [
  { title: `Task score (mean of the last ${SCORE_SMOOTH_STEPS} steps)`, pick: (s) => s.score, isRate: false },
  { title: "Healthy tool-call rate", pick: (s) => s.healthyToolCallRate, isRate: true },
  { title: "Full-collapse rate", pick: (s) => s.fullCollapseRate, isRate: true },
  { title: "p(<|im_end|>) at the decision point", pick: (s) => s.loggedImEnd, isRate: true, replay: true },
];

/** Dash pattern per run: its index among the runs of its regime. */
function dashes(series: readonly CompareRunSeries[]): Map<string, string | undefined> {
  const seen = new Map<string, number>();
  return new Map(
    series.map((s) => {
      const i = seen.get(s.regime ?? "") ?? 0;
      seen.set(s.regime ?? "", i + 1);
      return [s.id, SEED_DASHES[i % SEED_DASHES.length]];
    }),
  );
}

/**
 * Training-split series of the selected runs on shared step axes, one colour per regime; SFT phases
 * shaded in the regime's colour and each detected collapse onset marked. The decision-point panel
 * draws the trainer's logged probe as lines and replayed checkpoints (built-in probe) as dots.
 */
export function CompareCharts({ series }: { series: CompareRunSeries[] }) {
  const dash = dashes(series);
  const bands = sftBands(series);
  return (
    <div className="space-y-3">
      <RunLegend series={series} dash={dash} />
      <div className="grid gap-4 lg:grid-cols-2">
        {PANELS.map((panel) => {
          const lines = series.map((s) => ({ key: s.id, points: panel.pick(s) }));
          const replays = panel.replay ? series.map((s) => ({ key: `${s.id}:replay`, points: s.replayedImEnd })) : [];
          const rows = overlayRows([...lines, ...replays]);
          const hasData = rows.length > 0;
          return (
            <figure
              key={panel.title}
              data-testid="compare-chart"
              className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
            >
              <figcaption className="mb-1 text-sm font-medium">{panel.title}</figcaption>
              {!hasData ? (
                <p className="py-8 text-center text-sm text-zinc-500">No run in this selection logs this.</p>
              ) : (
                <ResponsiveContainer width="100%" height={220}>
                  <ComposedChart data={rows} margin={CHART_MARGIN}>
                    {horizontalGrid()}
                    {bands.map((b) => (
                      <ReferenceArea
                        key={`${b.regime}-${b.startStep}`}
                        x1={b.startStep}
                        x2={b.endStep}
                        fill={regimeColor(b.regime)}
                        fillOpacity={0.08}
                        stroke="none"
                        ifOverflow="hidden"
                      />
                    ))}
                    <XAxis {...AXIS_STYLE} dataKey="step" type="number" domain={["dataMin", "dataMax"]} />
                    <YAxis
                      {...AXIS_STYLE}
                      width={Y_AXIS_WIDTH}
                      tickFormatter={panel.isRate ? formatPercent : formatNumber}
                      domain={panel.isRate ? [0, 1] : ["auto", "auto"]}
                    />
                    <Tooltip
                      content={({ active, payload, label }) => (
                        <ChartTooltip
                          active={active}
                          payload={payload}
                          label={label}
                          formatValue={(v) => (panel.isRate ? formatPercent(v) : v.toFixed(3))}
                        />
                      )}
                    />
                    {series.map((s) =>
                      s.collapseOnsetStep === null ? null : (
                        <ReferenceLine
                          key={`onset-${s.id}`}
                          x={s.collapseOnsetStep}
                          stroke={regimeColor(s.regime)}
                          strokeDasharray={dash.get(s.id) ?? "3 3"}
                          ifOverflow="hidden"
                          label={{ value: "▼", position: "top", fill: regimeColor(s.regime), fontSize: 10 }}
                        />
                      ),
                    )}
                    {series.map((s) => (
                      <Line
                        key={s.id}
                        dataKey={s.id}
                        name={s.name}
                        stroke={regimeColor(s.regime)}
                        strokeDasharray={dash.get(s.id)}
                        strokeWidth={1.5}
                        dot={false}
                        connectNulls
                        isAnimationActive={false}
                      />
                    ))}
                    {panel.replay
                      ? series.map((s) => (
                          <Line
                            key={`${s.id}:replay`}
                            dataKey={`${s.id}:replay`}
                            name={`${s.name} (replayed checkpoints)`}
                            stroke="none"
                            dot={{ r: 3, fill: regimeColor(s.regime) }}
                            isAnimationActive={false}
                            legendType="circle"
                          />
                        ))
                      : null}
                  </ComposedChart>
                </ResponsiveContainer>
              )}
            </figure>
          );
        })}
      </div>
      <p className="text-xs text-zinc-500">
        Shaded: SFT phases, in the regime&apos;s colour. ▼ and vertical lines: detected collapse onsets. Dots in the
        last panel: replayed checkpoints (built-in probe, first decision point).
      </p>
    </div>
  );
}

function RunLegend({ series, dash }: { series: CompareRunSeries[]; dash: Map<string, string | undefined> }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Runs on the charts">
      {series.map((s) => (
        <li key={s.id} className="inline-flex items-center gap-1.5">
          <svg width="28" height="8" aria-hidden>
            <line
              x1="0"
              y1="4"
              x2="28"
              y2="4"
              stroke={regimeColor(s.regime)}
              strokeWidth="2"
              strokeDasharray={dash.get(s.id)}
            />
          </svg>
          {s.name}
          {s.isDemo ? (
            <span className="rounded bg-violet-100 px-1 text-violet-900 dark:bg-violet-950 dark:text-violet-200">
              demo
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
