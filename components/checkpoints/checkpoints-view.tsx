"use client";

import { useCallback, useState } from "react";
import { Card } from "@/components/ui/card";
import { checkpointsHref } from "@/lib/domain/charts/checkpoint-links";
import type { AlertRecord } from "@/lib/domain/events/types";
import type { CheckpointRecord } from "@/lib/server/checkpoints/checkpoint-record";
import type { DecisionSeriesPoint } from "@/lib/server/traces/get-decision-series";
import { CheckpointTable } from "./checkpoint-table";
import { CheckpointUploadForm } from "./checkpoint-upload-form";
import { DecisionChartPanel } from "./decision-chart-panel";
import { SpikeAlertList } from "./spike-alert-list";
import { useCheckpointList } from "./use-checkpoint-list";
import { useDecisionSeries } from "./use-decision-series";
import { useProbeNames } from "./use-probe-names";
import { useSpikeAlerts } from "./use-spike-alerts";

export type CheckpointsInitial = {
  checkpoints: CheckpointRecord[];
  probes: string[];
  probe: string | null;
  series: DecisionSeriesPoint[];
  alerts: AlertRecord[];
};

/** The checkpoints page body: upload, the live checkpoint table, the decision-point chart and spike alerts. */
export function CheckpointsView({ runId, initial }: { runId: string; initial: CheckpointsInitial }) {
  const { checkpoints, error, isPolling, refresh } = useCheckpointList(runId, initial.checkpoints);
  const scoredKey = checkpoints
    .filter((c) => c.status === "scored")
    .map((c) => c.id)
    .join(",");
  const probes = useProbeNames(runId, initial.probes, scoredKey);
  const [picked, setPicked] = useState(initial.probe);
  const probe = picked !== null && probes.includes(picked) ? picked : (probes[0] ?? null);
  const series = useDecisionSeries(runId, probe, scoredKey, { probe: initial.probe, points: initial.series });
  const alerts = useSpikeAlerts(
    runId,
    initial.alerts,
    useCallback(() => void refresh(), [refresh]),
  );

  const onProbe = (next: string) => {
    setPicked(next);
    window.history.replaceState(null, "", checkpointsHref(runId, next));
  };

  return (
    <div className="space-y-6">
      <CheckpointUploadForm
        runId={runId}
        takenSteps={checkpoints.map((c) => c.step)}
        onUploaded={() => void refresh()}
      />
      <Card
        heading="Checkpoints"
        description={
          isPolling
            ? "Replays are running: this table updates every 2 s."
            : "Each checkpoint is replayed over the run's probes; scored ones open in the token view."
        }
      >
        {error ? (
          <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
            Could not refresh the checkpoints: {error}
          </p>
        ) : null}
        <CheckpointTable runId={runId} checkpoints={checkpoints} probe={probe} />
      </Card>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <DecisionChartPanel
          runId={runId}
          probes={probes}
          probe={probe}
          onProbe={onProbe}
          series={series}
          alerts={alerts}
        />
        <SpikeAlertList runId={runId} alerts={alerts} />
      </div>
    </div>
  );
}
