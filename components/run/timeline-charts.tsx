"use client";

import { useMemo } from "react";
import { FailuresChart } from "@/components/charts/failures-chart";
import { MetricChart } from "@/components/charts/metric-chart";
import { ScoreChart } from "@/components/charts/score-chart";
import { StatesChart } from "@/components/charts/states-chart";
import type { StepInteraction } from "@/components/charts/use-step-interaction";
import type { ChartFrame } from "@/lib/domain/charts/chart-frame";
import { prepareFailureChart } from "@/lib/domain/charts/prepare-failure-chart";
import { prepareMetricChart } from "@/lib/domain/charts/prepare-metric-chart";
import { prepareScoreChart } from "@/lib/domain/charts/prepare-score-chart";
import { prepareStateChart } from "@/lib/domain/charts/prepare-state-chart";
import type { RunTimeline } from "@/lib/server/timeline/get-run-timeline";
import { ChartEmpty, ChartPanel } from "./chart-panel";
import { MetricKeyPicker } from "./metric-key-picker";

type TimelineChartsProps = {
  timeline: RunTimeline;
  frame: ChartFrame;
  interaction: StepInteraction;
  onKeys: (keys: string[]) => void;
};

/** The four step charts, prepared from the timeline in the browser so live updates re-run the preparers. */
export function TimelineCharts({ timeline, frame, interaction, onKeys }: TimelineChartsProps) {
  const { health, split, range } = timeline;
  const states = useMemo(() => prepareStateChart(health.points), [health.points]);
  const failures = useMemo(() => prepareFailureChart(health.points), [health.points]);
  const score = useMemo(() => prepareScoreChart(timeline.score, health.points), [timeline.score, health.points]);
  const metrics = useMemo(() => prepareMetricChart(timeline.metrics), [timeline.metrics]);
  const shownKeys = metrics.series.map((s) => s.key);

  const stepCount = `${health.totalSteps} ${health.totalSteps === 1 ? "step" : "steps"}`;
  const healthNote = health.isDownsampled ? `${health.points.length} of ${stepCount} (min/max per bucket)` : stepCount;
  const isZoomed = range.fromStep !== null || range.toStep !== null;
  const noHealth = (
    <ChartEmpty>
      No rollouts in the {split} split{isZoomed ? " in this step range" : ""}.
    </ChartEmpty>
  );

  return (
    <>
      <ChartPanel testId="chart-score" title={score.title}>
        {score.hasValues ? (
          <ScoreChart model={score} frame={frame} interaction={interaction} />
        ) : (
          <ChartEmpty>No rewards and no logged score (critic/score/mean or reward) in this range.</ChartEmpty>
        )}
      </ChartPanel>
      <ChartPanel testId="chart-states" title="Structural states (share of assistant turns)" subtitle={healthNote}>
        {states.rows.length > 0 ? <StatesChart model={states} frame={frame} interaction={interaction} /> : noHealth}
      </ChartPanel>
      <ChartPanel testId="chart-failures" title="Failure kinds (% of assistant turns showing each)">
        {failures.rows.length > 0 ? (
          <FailuresChart model={failures} frame={frame} interaction={interaction} />
        ) : (
          noHealth
        )}
      </ChartPanel>
      <ChartPanel
        testId="chart-metric"
        title="Logged metrics"
        subtitle={
          shownKeys.length > 2 ? "1st key: left axis, 2nd: right axis, others: own scale without axis" : undefined
        }
        controls={
          <MetricKeyPicker
            key={shownKeys.join("\n")}
            metricKeys={timeline.metricKeys}
            selected={shownKeys}
            onChange={onKeys}
          />
        }
      >
        {metrics.rows.length > 0 ? (
          <MetricChart model={metrics} frame={frame} interaction={interaction} />
        ) : (
          <ChartEmpty>
            {timeline.metricKeys.length === 0
              ? "This run logs no metrics."
              : "Pick a metric key, or none has points in this range."}
          </ChartEmpty>
        )}
      </ChartPanel>
    </>
  );
}
