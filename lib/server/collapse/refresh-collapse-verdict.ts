import { collapseSamples } from "@/lib/domain/collapse/collapse-samples";
import { detectCollapseOnset } from "@/lib/domain/collapse/detect-collapse-onset";
import { SCORE_METRIC_KEYS, scoreMetricKey } from "@/lib/domain/series/score-metric";
import { readTrainHealth, type TrainHealthRow } from "../health/read-train-health";
import type { Tx } from "../tx";

/**
 * Runs the collapse detector over the run's training health and score as they stand in the caller's
 * transaction and stores its verdict on the run. A confirmed onset is kept: the detector is causal,
 * so later data cannot move it, and skipping the read keeps ingestion into a collapsed run cheap.
 * `isRebuild` (reclassification) clears the stored verdict first. `health`: the train-split rows when
 * the caller has read them already. The update is conditional so a concurrent writer that read an
 * older snapshot cannot overwrite a confirmed collapse.
 */
export async function refreshCollapseVerdict(
  tx: Tx,
  runId: string,
  options: { isRebuild?: boolean; health?: readonly TrainHealthRow[] } = {},
): Promise<void> {
  if (!options.isRebuild) {
    const run = await tx.run.findUnique({ where: { id: runId }, select: { collapseStatus: true } });
    if (!run || run.collapseStatus === "collapsed") return;
  }
  const health = options.health ?? (await readTrainHealth(tx, runId));
  const verdict = detectCollapseOnset(collapseSamples(health, await readScore(tx, runId)));
  await tx.run.updateMany({
    where: options.isRebuild ? { id: runId } : { id: runId, collapseStatus: { not: "collapsed" } },
    data: {
      collapseStatus: verdict.status,
      collapseOnsetStep: verdict.status === "collapsed" ? verdict.onsetStep : null,
      collapseVerdict: JSON.stringify(verdict),
    },
  });
}

/** The run's score metric (see score-metric.ts), finite values only: the detector ignores NaN and infinities. */
async function readScore(tx: Tx, runId: string): Promise<{ step: number; value: number }[]> {
  const logged = await tx.metricPoint.groupBy({ by: ["key"], where: { runId, key: { in: [...SCORE_METRIC_KEYS] } } });
  const key = scoreMetricKey(logged.map((r) => r.key));
  if (key === null) return [];
  const rows = await tx.metricPoint.findMany({
    where: { runId, key, value: { not: null } },
    select: { step: true, value: true },
  });
  return rows.map((r) => ({ step: r.step, value: r.value! }));
}
