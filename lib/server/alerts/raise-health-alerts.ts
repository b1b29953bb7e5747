import { detectHealthAlerts } from "@/lib/domain/alerts/detect-health-alerts";
import { statesOf } from "../health/step-health-states";
import type { TrainHealthRow } from "../health/read-train-health";
import type { Tx } from "../tx";

/**
 * Runs the structural-health detector over the run's whole training series (`health`, read in the
 * caller's transaction) and stores the alerts not stored yet. Returns the new alerts' ids.
 * A concurrent writer storing the same alert makes the create fail with P2002; the caller's
 * write retry then runs again and finds it stored.
 */
export async function raiseHealthAlerts(tx: Tx, runId: string, health: readonly TrainHealthRow[]): Promise<number[]> {
  const detected = detectHealthAlerts(health.map((r) => ({ step: r.step, turns: r.turns, states: statesOf(r) })));
  if (detected.length === 0) return [];

  const stored = await tx.alert.findMany({ where: { runId }, select: { kind: true, step: true } });
  const isStored = new Set(stored.map((a) => `${a.kind}@${a.step}`));
  const ids: number[] = [];
  for (const alert of detected.filter((a) => !isStored.has(`${a.kind}@${a.step}`))) {
    const row = await tx.alert.create({
      data: {
        runId,
        step: alert.step,
        kind: alert.kind,
        severity: alert.severity,
        message: alert.message,
        details: JSON.stringify(alert.details),
      },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}
