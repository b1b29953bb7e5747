import type { FailureKind, StructuralState } from "@/lib/domain/classifier/types";
import type { Split } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";

export type StepHealthRecord = {
  step: number;
  rollouts: number;
  turns: number;
  states: Record<StructuralState, number>;
  failures: Partial<Record<FailureKind, number>>;
  /** mean reward of the step's rollouts that carried one; null when none did */
  meanReward: number | null;
};

export type HealthQuery = { split?: Split; fromStep?: number; toStep?: number };

/** Per-step counts of assistant turns per state and per failure kind, over one split or all of them. */
export async function getRunHealth(db: Db, runId: string, query: HealthQuery = {}): Promise<StepHealthRecord[]> {
  await assertRunExists(db, runId);
  const where = { runId, split: query.split, step: { gte: query.fromStep, lte: query.toStep } };
  const [rows, failures] = await Promise.all([
    db.stepHealth.findMany({ where, orderBy: { step: "asc" } }),
    db.stepFailure.findMany({ where, select: { step: true, kind: true, count: true } }),
  ]);

  const byStep = new Map<number, StepHealthRecord & { rewardSum: number; rewardCount: number }>();
  for (const row of rows) {
    const h = byStep.get(row.step) ?? emptyStep(row.step);
    h.rollouts += row.rollouts;
    h.turns += row.turns;
    h.states.healthy_tool_call += row.healthyToolCall;
    h.states.healthy_response += row.healthyResponse;
    h.states.text_pollution += row.textPollution;
    h.states.full_collapse += row.fullCollapse;
    h.rewardSum += row.rewardSum;
    h.rewardCount += row.rewardCount;
    byStep.set(row.step, h);
  }
  for (const f of failures) {
    const h = byStep.get(f.step);
    const kind = f.kind as FailureKind;
    if (h) h.failures[kind] = (h.failures[kind] ?? 0) + f.count;
  }
  return [...byStep.values()].map(({ rewardSum, rewardCount, ...h }) => ({
    ...h,
    meanReward: rewardCount > 0 ? rewardSum / rewardCount : null,
  }));
}

function emptyStep(step: number) {
  return {
    step,
    rollouts: 0,
    turns: 0,
    states: { healthy_tool_call: 0, healthy_response: 0, text_pollution: 0, full_collapse: 0 },
    failures: {},
    meanReward: null,
    rewardSum: 0,
    rewardCount: 0,
  };
}
