import type { FailureKind } from "@/lib/domain/classifier/types";
import type { StepHealthPoint } from "@/lib/domain/events/types";
import type { Split } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { selectHealthRows, type HealthRow } from "../series/select-health-rows";
import { statesOf } from "./step-health-states";

export type HealthSeries = { totalSteps: number; isDownsampled: boolean; points: StepHealthPoint[] };

const STEPS_PER_FAILURE_QUERY = 500;

/**
 * One split's step health in an inclusive step range, reduced to at most `maxPoints` whole steps: the
 * rows `downsampleHealth` would keep (per-bucket extremes of every state rate survive), chosen in the
 * database (selectHealthRows) so a 10^5-step run is not read whole; failure kinds only for the steps kept.
 */
export async function getHealthSeries(
  db: Db,
  runId: string,
  { split, fromStep, toStep, maxPoints }: { split: Split; fromStep?: number; toStep?: number; maxPoints: number },
): Promise<HealthSeries> {
  const { totalSteps, rows } = await selectHealthRows(db, runId, { split, fromStep, toStep, maxRows: maxPoints });
  const kept = rows.map(toPoint);
  const failures = await failuresOf(
    db,
    runId,
    split,
    kept.map((p) => p.step),
  );
  for (const point of kept) point.failures = failures.get(point.step) ?? {};
  return { totalSteps, isDownsampled: kept.length < totalSteps, points: kept };
}

function toPoint(row: HealthRow): StepHealthPoint {
  const n = (value: unknown) => Number(value); // PostgreSQL may hand back bigint for integer columns
  return {
    step: n(row.step),
    rollouts: n(row.rollouts),
    turns: n(row.turns),
    states: statesOf(row),
    failures: {},
    meanReward: n(row.rewardCount) > 0 ? n(row.rewardSum) / n(row.rewardCount) : null,
  };
}

async function failuresOf(
  db: Db,
  runId: string,
  split: Split,
  steps: number[],
): Promise<Map<number, Partial<Record<FailureKind, number>>>> {
  const byStep = new Map<number, Partial<Record<FailureKind, number>>>();
  for (let i = 0; i < steps.length; i += STEPS_PER_FAILURE_QUERY) {
    const rows = await db.stepFailure.findMany({
      where: { runId, split, step: { in: steps.slice(i, i + STEPS_PER_FAILURE_QUERY) } },
      select: { step: true, kind: true, count: true },
    });
    for (const r of rows) byStep.set(r.step, { ...byStep.get(r.step), [r.kind]: r.count });
  }
  return byStep;
}
