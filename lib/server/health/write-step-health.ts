import type { StepHealth } from "@/lib/domain/health/aggregate-step-health";
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

/**
 * Adds newly inserted rollouts' counts to the stored per-step rows. Increments (not recomputation)
 * keep concurrent writers correct: each adds only what it inserted.
 */
export async function incrementStepHealth(tx: Tx, runId: string, health: readonly StepHealth[]): Promise<void> {
  for (const h of health) {
    const counts = columns(h);
    const increments = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, { increment: v }]));
    await tx.stepHealth.upsert({
      where: { runId_step_split: { runId, step: h.step, split: h.split } },
      create: { runId, step: h.step, split: h.split, ...counts },
      update: increments,
    });
    for (const [kind, count] of Object.entries(h.failures)) {
      await tx.stepFailure.upsert({
        where: { runId_step_split_kind: { runId, step: h.step, split: h.split, kind } },
        create: { runId, step: h.step, split: h.split, kind, count },
        update: { count: { increment: count } },
      });
    }
  }
}

/** Replaces all of a run's per-step rows, after reclassification recomputed them from every turn. */
export async function replaceStepHealth(tx: Tx, runId: string, health: readonly StepHealth[]): Promise<void> {
  await tx.stepHealth.deleteMany({ where: { runId } });
  await tx.stepFailure.deleteMany({ where: { runId } });
  await tx.stepHealth.createMany({ data: health.map((h) => ({ runId, step: h.step, split: h.split, ...columns(h) })) });
  await tx.stepFailure.createMany({
    data: health.flatMap((h) =>
      Object.entries(h.failures).map(([kind, count]) => ({ runId, step: h.step, split: h.split, kind, count: count ?? 0 })),
    ),
  });
}
