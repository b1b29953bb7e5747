import type { GlobalStreamEvent, RunStreamEvent } from "@/lib/domain/events/types";
import type { Split } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { ALERT_SELECT, toAlertRecord } from "../alerts/alert-record";
import { getRunHealth } from "../health/get-run-health";
import { queryMetrics } from "../metrics/query-metrics";
import type { ChangeRow } from "./change-feed";

/** Points per key a stream sends for one metrics change; larger writes arrive min/max-downsampled. */
const STREAM_MAX_POINTS = 2_000;

/** Turns a change-feed row into what a run page needs: current step totals, new points, the alert. */
export async function expandRunChange(db: Db, { runId, change }: ChangeRow): Promise<RunStreamEvent | null> {
  switch (change.kind) {
    case "step_health": {
      const wanted = new Set(change.steps);
      const rows = await getRunHealth(db, runId, {
        split: change.split as Split,
        fromStep: Math.min(...change.steps),
        toStep: Math.max(...change.steps),
      });
      return { kind: "step_health", runId, split: change.split, steps: rows.filter((r) => wanted.has(r.step)) };
    }
    case "metrics": {
      const series = await queryMetrics(db, runId, { ...change, maxPoints: STREAM_MAX_POINTS });
      return { kind: "metrics", runId, series: series.map(({ key, points }) => ({ key, points })) };
    }
    case "alert":
      return alertEvent(db, runId, change.alertId);
  }
}

/** For the runs list: alerts in full, anything else as a nudge to refresh that run's row. */
export async function expandGlobalChange(db: Db, { runId, change }: ChangeRow): Promise<GlobalStreamEvent | null> {
  return change.kind === "alert" ? alertEvent(db, runId, change.alertId) : { kind: "run_updated", runId };
}

async function alertEvent(
  db: Db,
  runId: string,
  alertId: number,
): Promise<{ kind: "alert"; runId: string; alert: ReturnType<typeof toAlertRecord> } | null> {
  // A reclassification may have replaced the alert since; then there is nothing to send.
  const row = await db.alert.findUnique({ where: { id: alertId }, select: ALERT_SELECT });
  return row ? { kind: "alert", runId, alert: toAlertRecord(row) } : null;
}
