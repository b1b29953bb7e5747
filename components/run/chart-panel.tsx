import type { ReactNode } from "react";

type ChartPanelProps = { testId: string; title: string; subtitle?: string; children: ReactNode; controls?: ReactNode };

/** A titled box around one chart; the test id marks the container holding the chart's svg. */
export function ChartPanel({ testId, title, subtitle, children, controls }: ChartPanelProps) {
  return (
    <section
      data-testid={testId}
      aria-label={title}
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {subtitle ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{subtitle}</p> : null}
      </div>
      {controls ? <div className="mb-2">{controls}</div> : null}
      <div className="cursor-crosshair text-zinc-500 select-none dark:text-zinc-400">{children}</div>
    </section>
  );
}

export function ChartEmpty({ children }: { children: ReactNode }) {
  return <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">{children}</p>;
}
