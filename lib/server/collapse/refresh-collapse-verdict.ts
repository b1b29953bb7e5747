import { SCORE_METRIC_KEY } from "@/lib/domain/charts/prepare-score-chart";
import { collapseSamples } from "@/lib/domain/collapse/collapse-samples";
import { detectCollapseOnset } from "@/lib/domain/collapse/detect-collapse-onset";
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
  const score = await tx.metricPoint.findMany({ where: { runId, key: SCORE_METRIC_KEY }, select: { step: true, value: true } });
  const verdict = detectCollapseOnset(collapseSamples(health, score));
  await tx.run.updateMany({
    where: options.isRebuild ? { id: runId } : { id: runId, collapseStatus: { not: "collapsed" } },
    data: {
      collapseStatus: verdict.status,
      collapseOnsetStep: verdict.status === "collapsed" ? verdict.onsetStep : null,
      collapseVerdict: JSON.stringify(verdict),
    },
  });
}
