import type { StepHealth } from "@/lib/domain/health/aggregate-step-health";
import { insertRows } from "../insert-rows";
import type { Tx } from "../tx";

function columns(h: StepHealth) {
  return {
    rollouts: h.rollouts,
    turns: h.turns,
    healthyToolCall: h.states.healthy_tool_call,
    healthyResponse: h.states.healthy_response,
    textPollution: h.states.text_pollution,
    fullCollapse: h.states.full_collapse,
    rewardSum: h.rewardSum,
    rewardCount: h.rewardCount,
  };
}

const HEALTH_COLUMNS = [
  "rollouts",
  "turns",
  "healthyToolCall",
  "healthyResponse",
  "textPollution",
  "fullCollapse",
  "rewardSum",
  "rewardCount",
] as const;
const ADD_HEALTH = `ON CONFLICT ("runId", "step", "split") DO UPDATE SET ${HEALTH_COLUMNS.map((c) => `"${c}" = "StepHealth"."${c}" + excluded."${c}"`).join(", ")}`;
const ADD_FAILURES = `ON CONFLICT ("runId", "step", "split", "kind") DO UPDATE SET "count" = "StepFailure"."count" + excluded."count"`;

/**
 * Adds newly inserted rollouts' counts to the stored per-step rows, one statement per table. Increments
 * (not recomputation) keep concurrent writers correct: each adds only what it inserted. Rows go in
 * (step, split, kind) order, one lock order for every PostgreSQL writer, so they cannot deadlock.
 */
export async function incrementStepHealth(tx: Tx, runId: string, health: readonly StepHealth[]): Promise<void> {
  const ordered = [...health].sort((a, b) => a.step - b.step || (a.split < b.split ? -1 : a.split > b.split ? 1 : 0));
  const healthRows = ordered.map((h) => {
    const counts = columns(h);
    return [runId, h.step, h.split, ...HEALTH_COLUMNS.map((c) => counts[c])];
  });
  await insertRows(tx, "StepHealth", ["runId", "step", "split", ...HEALTH_COLUMNS], healthRows, ADD_HEALTH);
  const failureRows = ordered.flatMap((h) =>
    Object.entries(h.failures)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([kind, count]) => [runId, h.step, h.split, kind, count ?? 0]),
  );
  if (failureRows.length > 0)
    await insertRows(tx, "StepFailure", ["runId", "step", "split", "kind", "count"], failureRows, ADD_FAILURES);
}

/** Replaces all of a run's per-step rows, after reclassification recomputed them from every turn. */
export async function replaceStepHealth(tx: Tx, runId: string, health: readonly StepHealth[]): Promise<void> {
  await tx.stepHealth.deleteMany({ where: { runId } });
  await tx.stepFailure.deleteMany({ where: { runId } });
  await tx.stepHealth.createMany({ data: health.map((h) => ({ runId, step: h.step, split: h.split, ...columns(h) })) });
  await tx.stepFailure.createMany({
    data: health.flatMap((h) =>
      Object.entries(h.failures).map(([kind, count]) => ({
        runId,
        step: h.step,
        split: h.split,
        kind,
        count: count ?? 0,
      })),
    ),
  });
}
