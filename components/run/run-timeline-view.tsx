"use client";

import { useRouter } from "next/navigation";
import { useMemo } from "react";
import type { StepInteraction } from "@/components/charts/use-step-interaction";
import { rolloutsHref } from "@/lib/domain/charts/alert-links";
import { prepareChartFrame } from "@/lib/domain/charts/chart-frame";
import type { RunTimeline } from "@/lib/server/timeline/get-run-timeline";
import { AlertsPanel } from "./alerts-panel";
import { ChartEmpty } from "./chart-panel";
import { PhaseLegend } from "./phase-legend";
import { TimelineCharts } from "./timeline-charts";
import { TimelineToolbar } from "./timeline-toolbar";
import { useRunTimeline } from "./use-run-timeline";

/** The run page's live, zoomable timeline: toolbar, four charts and the alerts panel. */
export function RunTimelineView({ initial }: { initial: RunTimeline }) {
  const router = useRouter();
  const { timeline, isLoading, error, load } = useRunTimeline(initial);
  const { run, split, range } = timeline;

  const frame = useMemo(
    () => prepareChartFrame({ extent: timeline.extent, range, phases: run.phases, alerts: timeline.alerts }),
    [timeline.extent, range, run.phases, timeline.alerts],
  );
  const interaction: StepInteraction = {
    onZoom: (fromStep, toStep) => void load({ fromStep, toStep }),
    onPickStep: (step) => router.push(rolloutsHref(run.id, { step, split })),
  };

  return (
    <div className="space-y-4">
      <TimelineToolbar
        runId={run.id}
        split={split}
        splitsWithData={timeline.splits}
        latestStep={timeline.extent.last}
        range={range}
        isLoading={isLoading}
        onSplit={(next) => void load({ split: next })}
        onZoom={(fromStep, toStep) => void load({ fromStep, toStep })}
      />
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not load the timeline: {error}
        </p>
      ) : null}
      <PhaseLegend hasPhases={run.phases.length > 0} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="space-y-4">
          {frame === null ? (
            <ChartEmpty>
              No data yet: send rollouts to <code>POST /api/runs/{run.id}/rollouts</code> or metrics to{" "}
              <code>/metrics</code>.
            </ChartEmpty>
          ) : (
            <TimelineCharts
              timeline={timeline}
              frame={frame}
              interaction={interaction}
              onKeys={(keys) => void load({ keys })}
            />
          )}
        </div>
        <AlertsPanel runId={run.id} alerts={timeline.alerts} alertSplit={timeline.alertSplit} />
      </div>
    </div>
  );
}
