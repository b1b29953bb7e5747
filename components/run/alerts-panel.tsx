import { ALERT_KIND_LABELS, alertHref } from "@/lib/domain/charts/alert-links";
import type { AlertRecord } from "@/lib/domain/events/types";

type AlertsPanelProps = { runId: string; alerts: readonly AlertRecord[]; alertSplit: string };

const SEVERITY_STYLES = {
  critical: "bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-900/40 dark:text-fuchsia-200",
  warning: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
} as const;

/** The run's health alerts, newest step first, each linking to example rollouts of its step. */
export function AlertsPanel({ runId, alerts, alertSplit }: AlertsPanelProps) {
  return (
    <section aria-labelledby="alerts-heading" className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <h2 id="alerts-heading" className="mb-2 text-sm font-semibold">
        Alerts <span className="font-normal text-zinc-500 dark:text-zinc-400">({alerts.length})</span>
      </h2>
      {alerts.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          No alerts: structural health has stayed within its baseline band.
        </p>
      ) : null}
      <ol data-testid="alert-list" aria-live="polite" className="max-h-[36rem] space-y-2 overflow-y-auto">
        {alerts.map((alert) => (
          <li
            key={alert.id}
            data-testid="alert-item"
            data-step={alert.step}
            data-kind={alert.kind}
            className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800"
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium tabular-nums">Step {alert.step}</span>
              <span className={`rounded px-1.5 text-xs font-medium ${SEVERITY_STYLES[alert.severity]}`}>
                {alert.severity}
              </span>
            </div>
            <p className="font-medium">{ALERT_KIND_LABELS[alert.kind] ?? alert.kind}</p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">{alert.message}</p>
            <a
              href={alertHref(runId, alert, alertSplit).href}
              className="mt-1 inline-block text-xs font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300 dark:hover:text-blue-100"
            >
              {alertHref(runId, alert, alertSplit).label}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
