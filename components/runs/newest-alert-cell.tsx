"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Td } from "@/components/ui/table";
import { alertHref } from "@/lib/domain/charts/alert-links";
import type { AlertRecord } from "@/lib/domain/events/types";
import { useNewestAlert } from "./live-run-alerts";

/** A run's newest alert (step, kind, severity), linking to its evidence (rollouts or token view); updates live. */
export function NewestAlertCell({ runId, alert: rendered }: { runId: string; alert: AlertRecord | null }) {
  const alert = useNewestAlert(runId, rendered);
  return (
    <Td data-testid="run-newest-alert" data-label="Newest alert" aria-live="polite">
      {alert ? (
        <Link
          href={alertHref(runId, alert, "train").href}
          title={alert.message}
          className="inline-flex flex-wrap items-center gap-1.5 rounded hover:underline"
        >
          <Badge tone={alert.severity === "critical" ? "critical" : "warning"}>{alert.severity}</Badge>
          <span className="font-mono text-xs">{alert.kind}</span>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">step {alert.step}</span>
        </Link>
      ) : (
        <span className="text-zinc-400 dark:text-zinc-500">none</span>
      )}
    </Td>
  );
}
