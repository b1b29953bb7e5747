import { ALERT_SPLIT } from "@/lib/domain/alerts/types";
import { raiseHealthAlerts } from "../alerts/raise-health-alerts";
import { refreshCollapseVerdict } from "../collapse/refresh-collapse-verdict";
import { recordChanges, type Change } from "../events/change-feed";
import { readTrainHealth } from "./read-train-health";
import type { Tx } from "../tx";

/**
 * Called in the transaction that changed some steps' health: runs the detectors (alerts, collapse onset)
 * when the watched split changed and appends the step-health and new-alert rows to the change feed.
 * `isRebuild`: the whole series was rebuilt (reclassification), so stored verdicts start over.
 */
export async function publishHealthChange(
  tx: Tx,
  runId: string,
  changed: readonly { step: number; split: string }[],
  options: { isRebuild?: boolean } = {},
): Promise<void> {
  const stepsBySplit = new Map<string, Set<number>>();
  for (const { step, split } of changed) stepsBySplit.set(split, (stepsBySplit.get(split) ?? new Set()).add(step));

  const changes: Change[] = [...stepsBySplit].map(([split, steps]) => ({
    kind: "step_health",
    split,
    steps: [...steps].sort((a, b) => a - b),
  }));
  if (stepsBySplit.has(ALERT_SPLIT) || options.isRebuild) {
    const health = await readTrainHealth(tx, runId);
    if (stepsBySplit.has(ALERT_SPLIT)) {
      for (const alertId of await raiseHealthAlerts(tx, runId, health)) changes.push({ kind: "alert", alertId });
    }
    await refreshCollapseVerdict(tx, runId, { ...options, health });
  }
  await recordChanges(tx, runId, changes);
}
