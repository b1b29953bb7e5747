import { prepareSpikeAlerts, spikeDetails } from "@/lib/domain/charts/prepare-spike-alerts";
import type { AlertRecord } from "@/lib/domain/events/types";
import { CapabilityCheckPanel } from "./capability-check-panel";

const SEVERITY = {
  critical: "bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-900/40 dark:text-fuchsia-200",
  warning: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
} as const;
const LINK =
  "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-100";

/** Control-token spike alerts, newest step first: each spike's token, p, fold change, a link to its token view and its capability check. */
export function SpikeAlertList({ runId, alerts }: { runId: string; alerts: readonly AlertRecord[] }) {
  const rows = prepareSpikeAlerts(runId, alerts);
  const checkpointOf = new Map(alerts.map((a) => [a.id, spikeDetails(a)?.checkpointId]));
  return (
    <section
      aria-labelledby="spike-alerts-heading"
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="spike-alerts-heading" className="mb-2 text-sm font-semibold">
        Control-token spikes <span className="font-normal text-zinc-500 dark:text-zinc-400">({rows.length})</span>
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          No spikes: no control token has jumped against the earlier checkpoints.
        </p>
      ) : null}
      <ol data-testid="spike-alert-list" aria-live="polite" className="max-h-[36rem] space-y-2 overflow-y-auto">
        {rows.map((row) => (
          <li
            key={row.id}
            data-testid="spike-alert"
            data-step={row.step}
            className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800"
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium tabular-nums">Step {row.step}</span>
              <span className={`rounded px-1.5 text-xs font-medium ${SEVERITY[row.severity]}`}>{row.severity}</span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                {row.count} spike{row.count === 1 ? "" : "s"}
              </span>
            </div>
            <ul className="mt-1 space-y-1">
              {row.spikes.map((s) => (
                <li key={`${s.probe}-${s.position}-${s.token}`} className="text-xs">
                  <code className="font-mono">{s.token}</code> p{" "}
                  <span className="font-semibold tabular-nums">{s.pLabel}</span>,{" "}
                  <span className="tabular-nums">{s.foldLabel}</span> vs{" "}
                  <span className="tabular-nums">{s.baselineLabel}</span> before
                  <br />
                  <a
                    href={s.href}
                    className={`${LINK} break-all`}
                    aria-label={`Token view of probe ${s.probe} at token ${s.position}`}
                  >
                    {s.probe} @ token {s.position}
                  </a>
                  {checkpointOf.get(row.id) ? (
                    <CapabilityCheckPanel
                      checkpointId={checkpointOf.get(row.id)!}
                      probe={s.probe}
                      token={s.token}
                      spikePosition={s.position}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
