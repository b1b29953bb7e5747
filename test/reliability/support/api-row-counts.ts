import type { Db } from "@/lib/server/db";

/** Row counts of every table an API write can touch, to prove a refused request wrote nothing. */
export async function countAllRows(db: Db): Promise<Record<string, number>> {
  const [
    runs,
    rollouts,
    turns,
    metricPoints,
    stepHealth,
    stepFailures,
    alerts,
    events,
    probes,
    checkpoints,
    traces,
    jobs,
  ] = await Promise.all([
    db.run.count(),
    db.rollout.count(),
    db.turn.count(),
    db.metricPoint.count(),
    db.stepHealth.count(),
    db.stepFailure.count(),
    db.alert.count(),
    db.runEvent.count(),
    db.probe.count(),
    db.checkpoint.count(),
    db.trace.count(),
    db.job.count(),
  ]);
  return {
    runs,
    rollouts,
    turns,
    metricPoints,
    stepHealth,
    stepFailures,
    alerts,
    events,
    probes,
    checkpoints,
    traces,
    jobs,
  };
}

/** What one run holds, summed the way the dashboard reads it. */
export async function countRunRows(db: Db, runId: string) {
  const [rollouts, turns, metricPoints, health] = await Promise.all([
    db.rollout.count({ where: { runId } }),
    db.turn.count({ where: { runId } }),
    db.metricPoint.count({ where: { runId } }),
    db.stepHealth.aggregate({
      where: { runId },
      _sum: { rollouts: true, turns: true, fullCollapse: true, healthyToolCall: true },
    }),
  ]);
  return {
    rollouts,
    turns,
    metricPoints,
    healthRollouts: health._sum.rollouts ?? 0,
    healthTurns: health._sum.turns ?? 0,
    fullCollapse: health._sum.fullCollapse ?? 0,
    healthyToolCall: health._sum.healthyToolCall ?? 0,
  };
}
