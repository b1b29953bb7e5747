"use client";

import { useCallback, useRef, useState } from "react";
import { useEventStream } from "@/components/live/use-event-stream";
import { timelineSearchParams, type TimelineRequest } from "@/lib/domain/charts/timeline-query";
import type { RunStreamEvent } from "@/lib/domain/events/types";
import { pointsFromWire } from "@/lib/domain/series/metric-value";
import type { RunTimeline } from "@/lib/server/timeline/get-run-timeline";
import { applyStreamEvent } from "./apply-stream-event";

export type TimelineChange = Partial<Omit<TimelineRequest, "maxPoints">>;

/**
 * The run page's data: first rendered by the server, re-queried from `/api/runs/:id/timeline` when
 * the split, zoom range or metric keys change (the URL's `split`, `from`, `to`, `keys` follow, so a
 * reload keeps the view), and kept live from the run's event stream.
 */
export function useRunTimeline(initial: RunTimeline) {
  const [timeline, setTimeline] = useState(initial);
  const [isLoading, setIsLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latestRequest = useRef(0);
  const runId = initial.run.id;

  useEventStream<RunStreamEvent>(`/api/runs/${encodeURIComponent(runId)}/events`, (event) => {
    setTimeline((current) => applyStreamEvent(current, event));
  });

  const load = useCallback(
    async (change: TimelineChange) => {
      const request = requestFor(timeline, change);
      const id = ++latestRequest.current;
      setIsLoading(true);
      try {
        const res = await fetch(
          `/api/runs/${encodeURIComponent(runId)}/timeline?${timelineSearchParams(request).toString()}`,
        );
        if (!res.ok) throw new Error(`timeline request failed (${res.status})`);
        const next = timelineFromWire((await res.json()) as RunTimeline);
        if (id !== latestRequest.current) return; // a newer request superseded this one
        setTimeline(next);
        setError(null);
        const pageUrl = timelineSearchParams(
          { split: request.split, fromStep: request.fromStep, toStep: request.toStep, keys: request.keys },
          { from: "from", to: "to" },
        );
        window.history.replaceState(null, "", `?${pageUrl.toString()}`);
      } catch (e) {
        if (id === latestRequest.current) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (id === latestRequest.current) setIsLoading(false);
      }
    },
    [runId, timeline],
  );

  return { timeline, isLoading, error, load };
}

/** The current view with `change` applied; `null` clears a range end. */
function requestFor(timeline: RunTimeline, change: TimelineChange): TimelineRequest {
  return {
    split: change.split ?? timeline.split,
    fromStep: change.fromStep !== undefined ? change.fromStep : timeline.range.fromStep,
    toStep: change.toStep !== undefined ? change.toStep : timeline.range.toStep,
    keys: change.keys ?? timeline.metrics.map((m) => m.key),
    maxPoints: timeline.maxPoints,
  };
}

/** The API writes NaN and infinities by name (nonFiniteAsName); back to numbers for the preparers. */
function timelineFromWire(timeline: RunTimeline): RunTimeline {
  const series = <S extends { points: RunTimeline["metrics"][number]["points"] }>(s: S): S => ({
    ...s,
    points: pointsFromWire(s.points),
  });
  return { ...timeline, metrics: timeline.metrics.map(series), score: timeline.score ? series(timeline.score) : null };
}
