import type { AlertDetails, AlertKind, AlertSeverity } from "@/lib/domain/alerts/types";
import type { AlertRecord } from "@/lib/domain/events/types";

export const ALERT_SELECT = {
  id: true,
  runId: true,
  step: true,
  kind: true,
  severity: true,
  message: true,
  details: true,
  createdAt: true,
} as const;

type AlertRow = {
  id: number;
  runId: string;
  step: number;
  kind: string;
  severity: string;
  message: string;
  details: string;
  createdAt: Date;
};

export function toAlertRecord(row: AlertRow): AlertRecord {
  return {
    ...row,
    kind: row.kind as AlertKind,
    severity: row.severity as AlertSeverity,
    details: JSON.parse(row.details) as AlertDetails,
    createdAt: row.createdAt.toISOString(),
  };
}
