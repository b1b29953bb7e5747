"use client";

import { useEffect, useState } from "react";
import type { CapabilityReport } from "@/lib/domain/capability/capability-check";
import { prepareCapabilityPanel } from "@/lib/domain/capability/prepare-capability-panel";

type PanelState = { report: CapabilityReport | null; error: string | null };

/**
 * Next to a spike: the likelihood of the probe's correct tool call with the spiked token suppressed
 * at the decision point, from `GET /api/checkpoints/:id/capability` (exact from the stored trace).
 */
export function CapabilityCheckPanel({
  checkpointId,
  probe,
  token,
  spikePosition,
}: {
  checkpointId: string;
  probe: string;
  token: string;
  spikePosition: number;
}) {
  const { report, error } = useCapabilityReport(checkpointId, probe, token);
  const rows = report ? prepareCapabilityPanel(report, spikePosition) : [];
  return (
    <div
      data-testid="capability-check"
      data-loaded={report !== null}
      className="mt-1 rounded border border-zinc-200 bg-zinc-50 p-1.5 text-xs dark:border-zinc-800 dark:bg-zinc-950"
    >
      <p className="font-medium">
        Capability check{" "}
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          (call likelihood with <code className="font-mono">{report?.suppressedToken.text ?? token}</code> suppressed)
        </span>
      </p>
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {report && rows.length === 0 ? (
        <p className="text-zinc-500 dark:text-zinc-400">This probe has no decision point to check.</p>
      ) : null}
      {rows.map((r) => (
        <dl
          key={r.position}
          data-testid="capability-point"
          data-position={r.position}
          className="mt-0.5 grid grid-cols-[auto_1fr] gap-x-2 tabular-nums"
        >
          <dt className="text-zinc-500 dark:text-zinc-400">at token</dt>
          <dd>
            {r.position}
            {r.isAtSpike ? " (the spike)" : ""}, call of {r.tokens} tokens
          </dd>
          <dt className="text-zinc-500 dark:text-zinc-400">p suppressed</dt>
          <dd data-testid="capability-p-suppressed">{r.pSuppressedLabel}</dd>
          <dt className="text-zinc-500 dark:text-zinc-400">likelihood</dt>
          <dd>
            <span data-testid="capability-likelihood-before">{r.likelihoodBeforeLabel}</span> →{" "}
            <span data-testid="capability-likelihood-after" className="font-semibold">
              {r.likelihoodAfterLabel}
            </span>{" "}
            ({r.gainLabel})
          </dd>
          <dt className="text-zinc-500 dark:text-zinc-400">greedy writes it</dt>
          <dd>
            <span data-testid="capability-greedy-before">{r.greedyBeforeLabel}</span> →{" "}
            <span data-testid="capability-greedy-after">{r.greedyAfterLabel}</span>
          </dd>
          {r.note ? <dd className="col-span-2 text-amber-800 dark:text-amber-300">{r.note}</dd> : null}
        </dl>
      ))}
    </div>
  );
}

function useCapabilityReport(checkpointId: string, probe: string, token: string): PanelState {
  const [state, setState] = useState<PanelState>({ report: null, error: null });
  useEffect(() => {
    let isCurrent = true;
    const query = new URLSearchParams({ probe, token }).toString();
    fetch(`/api/checkpoints/${encodeURIComponent(checkpointId)}/capability?${query}`, { cache: "no-store" })
      .then(async (res) => {
        const body = (await res.json()) as CapabilityReport & { error?: { message: string } };
        if (!res.ok) throw new Error(body.error?.message ?? `capability request failed (${res.status})`);
        if (isCurrent) setState({ report: body, error: null });
      })
      .catch((e: unknown) => {
        if (isCurrent)
          setState({ report: null, error: `Could not run the check: ${e instanceof Error ? e.message : String(e)}` });
      });
    return () => {
      isCurrent = false;
    };
  }, [checkpointId, probe, token]);
  return state;
}
