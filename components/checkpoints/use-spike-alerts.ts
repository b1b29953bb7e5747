"use client";

import { useState } from "react";
import { useEventStream } from "@/components/live/use-event-stream";
import { mergeAlert } from "@/lib/domain/charts/merge-live-updates";
import type { AlertRecord, RunStreamEvent } from "@/lib/domain/events/types";

/**
 * The run's control-token spike alerts: the server-rendered ones plus any streamed in over
 * `/api/runs/:id/events`. `onNewAlert` runs for each streamed spike (a checkpoint was just scored).
 */
export function useSpikeAlerts(runId: string, initial: AlertRecord[], onNewAlert: () => void): AlertRecord[] {
  const [alerts, setAlerts] = useState(initial);
  useEventStream<RunStreamEvent>(`/api/runs/${encodeURIComponent(runId)}/events`, (event) => {
    if (event.kind !== "alert" || event.runId !== runId || event.alert.kind !== "control_token_spike") return;
    setAlerts((held) => mergeAlert(held, event.alert));
    onNewAlert();
  });
  return alerts;
}
