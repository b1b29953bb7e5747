"use client";

import { useCallback, useEffect, useState } from "react";
import type { CheckpointRecord } from "@/lib/server/checkpoints/checkpoint-record";

export const POLL_MS = 2_000;
const UNFINISHED = new Set(["uploaded", "queued", "scoring"]);

export function isUnfinished(status: string): boolean {
  return UNFINISHED.has(status);
}

/**
 * The run's checkpoints from `GET /api/runs/:id/checkpoints`: first rendered by the server, polled
 * every 2 s while any is queued or scoring, and re-read at once on `refresh()` (after an upload).
 */
export function useCheckpointList(runId: string, initial: CheckpointRecord[]) {
  const [checkpoints, setCheckpoints] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/runs/${encodeURIComponent(runId)}/checkpoints`;

  const refresh = useCallback(async () => {
    try {
      const res = await fetch(url, { cache: "no-store" });
      if (!res.ok) throw new Error(`checkpoint list request failed (${res.status})`);
      setCheckpoints(((await res.json()) as { checkpoints: CheckpointRecord[] }).checkpoints);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [url]);

  const isPolling = checkpoints.some((c) => isUnfinished(c.status));
  useEffect(() => {
    if (!isPolling) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [isPolling, refresh]);

  return { checkpoints, error, isPolling, refresh };
}
