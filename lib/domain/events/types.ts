import type { AlertKind, AlertSeverity, AlertDetails } from "@/lib/domain/alerts/types";
import type { FailureKind, StructuralState } from "@/lib/domain/classifier/types";

/** A stored alert as the API and the event streams send it. */
export type AlertRecord = {
  id: number;
  runId: string;
  step: number;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  details: AlertDetails;
  createdAt: string;
};

/** One step's structural health over one split (counts of assistant turns). */
export type StepHealthPoint = {
  step: number;
  rollouts: number;
  turns: number;
  states: Record<StructuralState, number>;
  failures: Partial<Record<FailureKind, number>>;
  /** mean reward of the step's rollouts that carried one; null when none did */
  meanReward: number | null;
};

/**
 * What `GET /api/runs/:id/events` sends, one SSE message per change-feed row (`id:` is the row id,
 * `event:` the kind, `data:` this object as JSON). Step health rows carry the step's current totals,
 * so a client replaces the steps it holds; metric points are the points written by that change.
 */
export type RunStreamEvent =
  | { kind: "step_health"; runId: string; split: string; steps: StepHealthPoint[] }
  | { kind: "metrics"; runId: string; series: { key: string; points: { step: number; value: number }[] }[] }
  | { kind: "alert"; runId: string; alert: AlertRecord };

/** What `GET /api/events` (every run, for the runs list) sends: alerts in full, other changes as a nudge. */
export type GlobalStreamEvent =
  { kind: "alert"; runId: string; alert: AlertRecord } | { kind: "run_updated"; runId: string };
