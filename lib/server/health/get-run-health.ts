import { mergeStepHealth } from "@/lib/domain/health/aggregate-step-health";
import type { StepHealthPoint } from "@/lib/domain/events/types";
import type { FailureKind } from "@/lib/domain/classifier/types";
import type { Split } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";
import { statesOf } from "./step-health-states";

export type StepHealthRecord = StepHealthPoint;

export type HealthQuery = { split?: Split; fromStep?: number; toStep?: number };

/** Per-step counts of assistant turns per state and per failure kind, over one split or all of them. */
export async function getRunHealth(db: Db, runId: string, query: HealthQuery = {}): Promise<StepHealthRecord[]> {
  await assertRunExists(db, runId);
  const where = { runId, split: query.split, step: { gte: query.fromStep, lte: query.toStep } };
  const [rows, failures] = await Promise.all([
    db.stepHealth.findMany({ where, orderBy: { step: "asc" } }),
    db.stepFailure.findMany({ where, select: { step: true, split: true, kind: true, count: true } }),
  ]);

  const failuresOf = new Map<string, Partial<Record<FailureKind, number>>>();
  for (const f of failures) {
    const key = `${f.step}\u0000${f.split}`;
    failuresOf.set(key, { ...failuresOf.get(key), [f.kind]: f.count });
  }
  // Relabelling every row to one split makes mergeStepHealth add the splits of a step together.
  const perStep = mergeStepHealth(
    [],
    rows.map((row) => ({
      step: row.step,
      split: "all",
      rollouts: row.rollouts,
      turns: row.turns,
      states: statesOf(row),
      failures: failuresOf.get(`${row.step}\u0000${row.split}`) ?? {},
      rewardSum: row.rewardSum,
      rewardCount: row.rewardCount,
    })),
  );
  return perStep.map(({ step, rollouts, turns, states, failures: kinds, rewardSum, rewardCount }) => ({
    step,
    rollouts,
    turns,
    states,
    failures: kinds,
    meanReward: rewardCount > 0 ? rewardSum / rewardCount : null,
  }));
}
