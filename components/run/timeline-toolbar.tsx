"use client";

import { SPLITS, type Split } from "@/lib/domain/ingest/schemas";

type TimelineToolbarProps = {
  runId: string;
  split: Split;
  splitsWithData: readonly Split[];
  latestStep: number | null;
  range: { fromStep: number | null; toStep: number | null };
  isLoading: boolean;
  onSplit: (split: Split) => void;
  onZoom: (fromStep: number | null, toStep: number | null) => void;
};

const FIELD = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const BUTTON =
  "rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Split picker, latest step, the keyboard way to zoom (from/to) and to open a step's rollouts. */
export function TimelineToolbar({
  runId,
  split,
  splitsWithData,
  latestStep,
  range,
  isLoading,
  onSplit,
  onZoom,
}: TimelineToolbarProps) {
  const isZoomed = range.fromStep !== null || range.toStep !== null;
  const readStep = (value: FormDataEntryValue | null) =>
    typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
      ? Math.max(0, Math.round(Number(value)))
      : null;
  return (
    <div className="flex flex-wrap items-end gap-x-6 gap-y-3 text-sm">
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">Split</span>
        <select className={FIELD} value={split} onChange={(e) => onSplit(e.target.value as Split)}>
          {SPLITS.map((s) => (
            <option key={s} value={s}>
              {splitsWithData.includes(s) ? s : `${s} (no data)`}
            </option>
          ))}
        </select>
      </label>
      <div className="flex flex-col gap-1">
        <span className="text-xs text-zinc-500 dark:text-zinc-400">Latest step</span>
        {latestStep === null ? (
          <span className="py-1 text-zinc-500">none yet</span>
        ) : (
          <span data-testid="latest-step" className="py-1 text-base font-semibold tabular-nums">
            {latestStep}
          </span>
        )}
      </div>
      <form
        key={`${range.fromStep}-${range.toStep}`}
        className="flex items-end gap-2"
        aria-label="Zoom to a step range"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const [from, to] = [readStep(data.get("from")), readStep(data.get("to"))];
          onZoom(
            from !== null && to !== null ? Math.min(from, to) : from,
            from !== null && to !== null ? Math.max(from, to) : to,
          );
        }}
      >
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500 dark:text-zinc-400">From step</span>
          <input name="from" type="number" min={0} defaultValue={range.fromStep ?? ""} className={`${FIELD} w-24`} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500 dark:text-zinc-400">To step</span>
          <input name="to" type="number" min={0} defaultValue={range.toStep ?? ""} className={`${FIELD} w-24`} />
        </label>
        <button type="submit" className={BUTTON}>
          Zoom
        </button>
        <button type="button" className={BUTTON} disabled={!isZoomed} onClick={() => onZoom(null, null)}>
          Reset zoom
        </button>
      </form>
      <form
        action={`/runs/${encodeURIComponent(runId)}/rollouts`}
        method="get"
        className="flex items-end gap-2"
        aria-label="Open the rollouts of a step"
      >
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500 dark:text-zinc-400">Rollouts at step</span>
          <input
            name="step"
            type="number"
            min={0}
            required
            defaultValue={latestStep ?? ""}
            className={`${FIELD} w-24`}
          />
        </label>
        <input type="hidden" name="split" value={split} />
        <button type="submit" className={BUTTON}>
          Go
        </button>
      </form>
      <span aria-live="polite" className="pb-1 text-xs text-zinc-500 dark:text-zinc-400">
        {isLoading ? "Loading…" : ""}
      </span>
    </div>
  );
}
