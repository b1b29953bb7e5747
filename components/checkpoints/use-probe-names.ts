"use client";

import { useEffect, useState } from "react";
import type { ProbeRecord } from "@/lib/server/probes/list-probes";

/**
 * The run's probe names from `GET /api/runs/:id/probes`, re-read when `refreshKey` changes: the
 * default probes are made when the first checkpoint is replayed, after the page was rendered.
 */
export function useProbeNames(runId: string, initial: string[], refreshKey: string): string[] {
  const [names, setNames] = useState(initial);
  useEffect(() => {
    let isCurrent = true;
    fetch(`/api/runs/${encodeURIComponent(runId)}/probes`, { cache: "no-store" })
      .then((res) => (res.ok ? (res.json() as Promise<{ probes: ProbeRecord[] }>) : null))
      .then((body) => {
        if (body && isCurrent)
          setNames((held) =>
            sameList(
              held,
              body.probes.map((p) => p.name),
            )
              ? held
              : body.probes.map((p) => p.name),
          );
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [runId, refreshKey]);
  return names;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
