"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { useEventStream } from "@/components/live/use-event-stream";
import { useThrottledRefresh } from "@/components/live/use-throttled-refresh";
import type { AlertRecord, GlobalStreamEvent } from "@/lib/domain/events/types";

const REFRESH_INTERVAL_MS = 3_000;

const LiveAlertsContext = createContext<ReadonlyMap<string, AlertRecord>>(new Map());

/**
 * Keeps the runs list live: alerts from `/api/events` reach their run's newest-alert cell at once
 * (no round trip), and any other run change re-renders the list from the server, throttled.
 */
export function LiveRunAlerts({ children }: { children: ReactNode }) {
  const [alerts, setAlerts] = useState<ReadonlyMap<string, AlertRecord>>(new Map());
  const requestRefresh = useThrottledRefresh(REFRESH_INTERVAL_MS);

  const onEvent = useCallback(
    (event: GlobalStreamEvent) => {
      if (event.kind === "run_updated") return requestRefresh();
      setAlerts((current) => {
        if (!isNewer(event.alert, current.get(event.runId))) return current;
        return new Map(current).set(event.runId, event.alert);
      });
    },
    [requestRefresh],
  );
  useEventStream<GlobalStreamEvent>("/api/events", onEvent);

  return <LiveAlertsContext.Provider value={alerts}>{children}</LiveAlertsContext.Provider>;
}

/** The newer of the server-rendered alert and any alert streamed in since, for one run. */
export function useNewestAlert(runId: string, rendered: AlertRecord | null): AlertRecord | null {
  const streamed = useContext(LiveAlertsContext).get(runId);
  return isNewer(streamed, rendered ?? undefined) ? streamed! : rendered;
}

// Alert ids grow with insertion, so the larger id is the newer alert.
function isNewer(candidate: AlertRecord | undefined, current: AlertRecord | undefined): boolean {
  return candidate !== undefined && (current === undefined || candidate.id > current.id);
}
