import { ALERT_SPLIT } from "@/lib/domain/alerts/types";
import type { Tx } from "../tx";

/**
 * The run's per-step health of the watched (train) split in step order, as the detectors read it
 * inside an ingest transaction: read once and handed to each of them.
 */
export function readTrainHealth(tx: Tx, runId: string) {
  return tx.stepHealth.findMany({
    where: { runId, split: ALERT_SPLIT },
    orderBy: { step: "asc" },
    select: {
      step: true,
      turns: true,
      healthyToolCall: true,
      healthyResponse: true,
      textPollution: true,
      fullCollapse: true,
      rewardSum: true,
      rewardCount: true,
    },
  });
}

export type TrainHealthRow = Awaited<ReturnType<typeof readTrainHealth>>[number];
