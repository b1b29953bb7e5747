import type { Db } from "../db";
import { listMetricKeys } from "../metrics/list-metric-keys";
import { AppError } from "../errors";
import { RUN_SELECT, toRunRecord, type RunRecord } from "./run-record";

export type RunDetail = RunRecord & {
  counts: { rollouts: number; turns: number; metricPoints: number; alerts: number };
  metricKeys: string[];
  steps: { first: number | null; last: number | null };
};

export async function getRun(db: Db, runId: string): Promise<RunRecord | null> {
  const row = await db.run.findUnique({ where: { id: runId }, select: RUN_SELECT });
  return row ? toRunRecord(row) : null;
}

export async function getRunDetail(db: Db, runId: string): Promise<RunDetail> {
  const run = await getRun(db, runId);
  if (!run) throw new AppError("NOT_FOUND", `Run ${runId} not found`);
  const [rollouts, turns, metricPoints, alerts, keys, steps] = await Promise.all([
    db.rollout.count({ where: { runId } }),
    db.turn.count({ where: { runId } }),
    db.metricPoint.count({ where: { runId } }),
    db.alert.count({ where: { runId } }),
    listMetricKeys(db, runId),
    db.stepHealth.aggregate({ where: { runId }, _min: { step: true }, _max: { step: true } }),
  ]);
  return {
    ...run,
    counts: { rollouts, turns, metricPoints, alerts },
    metricKeys: keys,
    steps: { first: steps._min.step, last: steps._max.step },
  };
}

/** Throws NOT_FOUND unless the run exists; used before writes so a bad id gets a clear 404. */
export async function assertRunExists(db: Db, runId: string): Promise<void> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true } });
  if (!run) throw new AppError("NOT_FOUND", `Run ${runId} not found`);
}
