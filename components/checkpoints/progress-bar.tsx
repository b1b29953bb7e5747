type ProgressBarProps = { value: number | null; label: string; testId?: string; detail?: string };

/**
 * A labelled bar for a fraction 0..1; `null` is indeterminate (queued, nothing measured yet). The
 * text beside it repeats the number, so the bar never carries meaning by colour alone.
 */
export function ProgressBar({ value, label, testId, detail }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div data-testid={testId} className="min-w-32">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={detail}
        className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700"
      >
        <div
          className={`h-full rounded-full bg-sky-600 transition-[width] dark:bg-sky-400 ${percent === null ? "w-1/3 animate-pulse" : ""}`}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
      <p className="mt-0.5 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
        {detail ?? (percent === null ? "waiting" : `${percent}%`)}
      </p>
    </div>
  );
}
