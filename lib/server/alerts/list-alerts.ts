import type { AlertRecord } from "@/lib/domain/events/types";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";
import { ALERT_SELECT, toAlertRecord } from "./alert-record";

export type ListAlertsQuery = { limit?: number; kind?: string; fromStep?: number; toStep?: number };

/** A run's alerts, newest step first (ties: newest first). */
export async function listAlerts(db: Db, runId: string, query: ListAlertsQuery = {}): Promise<AlertRecord[]> {
  await assertRunExists(db, runId);
  const rows = await db.alert.findMany({
    where: { runId, kind: query.kind, step: { gte: query.fromStep, lte: query.toStep } },
    orderBy: [{ step: "desc" }, { id: "desc" }],
    take: query.limit ?? 500,
    select: ALERT_SELECT,
  });
  return rows.map(toAlertRecord);
}
