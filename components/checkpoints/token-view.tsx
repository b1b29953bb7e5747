"use client";

import { useMemo, useState } from "react";
import { tokenViewHref } from "@/lib/domain/charts/checkpoint-links";
import { prepareTokenHeat } from "@/lib/domain/charts/prepare-token-heat";
import type { TraceRecord } from "@/lib/server/traces/get-trace";
import { HeatLegend } from "./heat-legend";
import { TOOLTIP_ID, TokenTooltip } from "./token-tooltip";
import { TraceToken } from "./trace-token";
import { useTokenPointer } from "./use-token-pointer";

type TokenViewProps = {
  runId: string;
  checkpointId: string;
  probe: string;
  trace: TraceRecord;
  initialToken: string | undefined;
};

const FIELD =
  "mt-1 block rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** A probe's tokens coloured by a control token's next-position probability; hover or focus a token for details. */
export function TokenView({ runId, checkpointId, probe, trace, initialToken }: TokenViewProps) {
  const [token, setToken] = useState(initialToken);
  const model = useMemo(() => prepareTokenHeat(trace, token), [trace, token]);
  const pointer = useTokenPointer(model.tokens.length, Math.max(0, trace.decisionPoints[0]?.position ?? 0));
  const active = pointer.active === null ? null : (model.tokens[pointer.active] ?? null);

  const onToken = (next: string) => {
    setToken(next);
    window.history.replaceState(null, "", tokenViewHref(runId, checkpointId, { probe, token: next }));
  };

  return (
    <section data-testid="token-view" aria-label="Token view" className="space-y-3">
      <div className="flex flex-wrap items-end gap-x-6 gap-y-2 text-sm">
        <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Control token
          <select value={model.token} onChange={(e) => onToken(e.target.value)} className={FIELD}>
            {model.controlTokens.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {model.peak ? (
          <p className="pb-1 text-zinc-600 dark:text-zinc-400">
            Highest P(<code className="font-mono">{model.token}</code>) where another token follows:{" "}
            <span className="font-semibold tabular-nums text-zinc-900 dark:text-zinc-100">{model.peak.pLabel}</span>{" "}
            after token {model.peak.position}{" "}
            <button
              type="button"
              onClick={() => pointer.moveTo(model.peak!.position)}
              className="underline underline-offset-2"
            >
              go to it
            </button>
          </p>
        ) : null}
        <p className="pb-1 text-zinc-600 dark:text-zinc-400">
          {model.tokens.length} tokens · {trace.decisionPoints.length} decision point
          {trace.decisionPoints.length === 1 ? "" : "s"}
        </p>
      </div>
      {model.unknownToken ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          “{model.unknownToken}” is not traced on this checkpoint; showing {model.token}.
        </p>
      ) : null}
      <HeatLegend model={model} />
      <div
        ref={pointer.container}
        {...pointer.handlers}
        role="group"
        aria-label={`Probe tokens coloured by P(next = ${model.token})`}
        className="relative rounded-lg border border-zinc-200 bg-white p-3 font-mono text-sm leading-7 whitespace-pre-wrap [overflow-wrap:anywhere] dark:border-zinc-800 dark:bg-zinc-900"
      >
        {model.tokens.map((t) => (
          <TraceToken
            key={t.position}
            token={t}
            isTabStop={t.position === pointer.tabStop}
            describedBy={t.position === pointer.active ? TOOLTIP_ID : undefined}
          />
        ))}
        {active && pointer.at ? <TokenTooltip token={active} control={model.token} at={pointer.at} /> : null}
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Hover or focus a token for its details. Arrow keys move between tokens, Home and End jump to the ends, Esc hides
        the details.
      </p>
    </section>
  );
}
