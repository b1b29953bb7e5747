"use client";

import { useEffect, useRef, useState } from "react";
import type { DecisionSeriesPoint } from "@/lib/server/traces/get-decision-series";

type SeriesState = { probe: string | null; points: DecisionSeriesPoint[]; isLoading: boolean; error: string | null };

/**
 * One probe's decision-point series from `GET /api/runs/:id/decision-points?probe=`, fetched when
 * the probe or `refreshKey` (the scored checkpoints) changes; the server-rendered series comes first.
 */
export function useDecisionSeries(
  runId: string,
  probe: string | null,
  refreshKey: string,
  initial: { probe: string | null; points: DecisionSeriesPoint[] },
): SeriesState {
  const [state, setState] = useState<SeriesState>({ ...initial, isLoading: false, error: null });
  const heldKey = useRef(`${initial.probe}|${refreshKey}`);

  useEffect(() => {
    const key = `${probe}|${refreshKey}`;
    if (probe === null || key === heldKey.current) return; // held already (the server rendered it)
    let isCurrent = true;
    setState((s) => ({ ...s, isLoading: true }));
    const query = new URLSearchParams({ probe }).toString();
    fetch(`/api/runs/${encodeURIComponent(runId)}/decision-points?${query}`, { cache: "no-store" })
      .then(async (res) => {
        if (!res.ok) throw new Error(`decision-point request failed (${res.status})`);
        const body = (await res.json()) as { points: DecisionSeriesPoint[] };
        if (!isCurrent) return;
        heldKey.current = key;
        setState({ probe, points: body.points, isLoading: false, error: null });
      })
      .catch((e: unknown) => {
        if (isCurrent) setState((s) => ({ ...s, isLoading: false, error: e instanceof Error ? e.message : String(e) }));
      });
    return () => {
      isCurrent = false;
    };
  }, [runId, probe, refreshKey]);

  return state;
}
