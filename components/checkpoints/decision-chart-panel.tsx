"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { DecisionChart } from "@/components/charts/decision-chart";
import { tokenViewHref } from "@/lib/domain/charts/checkpoint-links";
import { prepareDecisionChart } from "@/lib/domain/charts/prepare-decision-chart";
import type { AlertRecord } from "@/lib/domain/events/types";
import type { DecisionSeriesPoint } from "@/lib/server/traces/get-decision-series";

type DecisionChartPanelProps = {
  runId: string;
  probes: readonly string[];
  probe: string | null;
  onProbe: (probe: string) => void;
  series: { probe: string | null; points: DecisionSeriesPoint[]; isLoading: boolean; error: string | null };
  alerts: readonly AlertRecord[];
};

const FIELD =
  "mt-1 block max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The decision-point chart with its probe (and decision point) pickers; a click opens that checkpoint's token view. */
export function DecisionChartPanel({ runId, probes, probe, onProbe, series, alerts }: DecisionChartPanelProps) {
  const router = useRouter();
  const [pointIndex, setPointIndex] = useState(0);
  const shown = series.probe ?? probe ?? "";
  const model = useMemo(
    () => prepareDecisionChart(series.points, alerts, shown, pointIndex),
    [series.points, alerts, shown, pointIndex],
  );
  return (
    <section
      data-testid="decision-chart"
      aria-labelledby="decision-heading"
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="decision-heading" className="text-sm font-semibold">
        Decision point over checkpoints
      </h2>
      <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        Next-token probabilities right after{" "}
        <code className="font-mono">&lt;|im_start|&gt;assistant\n&lt;tool_call&gt;\n</code>: <code>{'{"'}</code> starts
        a JSON call, <code>&lt;|im_end|&gt;</code> ends the turn (collapse), <code>&lt;tool_call&gt;</code> repeats the
        tag.
      </p>
      <div className="mt-2 flex flex-wrap items-end gap-4 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <label className="max-w-full">
          Probe
          <select
            value={probe ?? ""}
            disabled={probes.length === 0}
            onChange={(e) => {
              setPointIndex(0);
              onProbe(e.target.value);
            }}
            className={FIELD}
          >
            {probes.length === 0 ? <option value="">no probes yet</option> : null}
            {probes.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {model.points.length > 1 ? (
          <label>
            Decision point
            <select value={model.pointIndex} onChange={(e) => setPointIndex(Number(e.target.value))} className={FIELD}>
              {model.points.map((p) => (
                <option key={p.index} value={p.index}>
                  #{p.index + 1} (position {p.position})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <span aria-live="polite" className="pb-1 font-normal">
          {series.isLoading ? "Loading…" : ""}
        </span>
      </div>
      {model.note ? <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">{model.note}</p> : null}
      {series.error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          Could not load the decision points: {series.error}
        </p>
      ) : null}
      <div className={`mt-2 text-zinc-500 dark:text-zinc-400 ${model.hasValues ? "cursor-pointer" : ""}`}>
        {model.hasValues ? (
          <DecisionChart
            model={model}
            onPickCheckpoint={(id) => router.push(tokenViewHref(runId, id, { probe: shown, token: "<|im_end|>" }))}
          />
        ) : (
          <p className="py-10 text-center text-sm">{emptyMessage(probes.length, series.points.length)}</p>
        )}
      </div>
      {model.hasValues ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {model.scale === "log"
            ? "Log scale; values under the axis floor sit on it (the tooltip shows the measured value). "
            : ""}
          ▼ lines: spike alerts at that step (dashed when the spikes are in other probes).
        </p>
      ) : null}
    </section>
  );
}

function emptyMessage(probeCount: number, pointCount: number): string {
  if (probeCount === 0)
    return "No probes yet: the default set is made when the first checkpoint is replayed (or add yours with POST /api/runs/:id/probes).";
  if (pointCount === 0)
    return "Nothing to plot yet: no scored checkpoint, or this probe has no decision point (no later assistant turn opening with <tool_call>).";
  return "No probabilities were recorded at this decision point.";
}
