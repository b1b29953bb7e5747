// Deterministic ingestion batches with known totals: every rollout has exactly one assistant turn,
// collapsed when its index is a multiple of 3, a healthy tool call otherwise.
import { COLLAPSED_TURN, HEALTHY_CALL_TURN } from "@/test/helpers";

export type IngestBatch = { rollouts: object[]; points: object[] };

/**
 * Batch `b` of writer `w`: `ownRollouts` rollouts only this writer sends, `sharedRollouts` that every
 * writer sends for the same batch index (so writers race on the same unique keys), and metric points
 * for a per-writer key plus a key shared by all writers.
 */
export function ingestBatch(
  w: number,
  b: number,
  sizes: { ownRollouts: number; sharedRollouts: number; points: number },
): IngestBatch {
  const rollout = (sampleId: string, i: number) => ({
    step: b,
    sampleId,
    text: i % 3 === 0 ? COLLAPSED_TURN : HEALTHY_CALL_TURN,
    reward: i % 2,
  });
  const own = Array.from({ length: sizes.ownRollouts }, (_, i) => rollout(`w${w}-b${b}-${i}`, i));
  const shared = Array.from({ length: sizes.sharedRollouts }, (_, i) => rollout(`shared-b${b}-${i}`, i));
  const points = Array.from({ length: sizes.points }, (_, i) => [
    { step: b * sizes.points + i, key: `writer${w}/loss`, value: w + i / 1000 },
    { step: b * sizes.points + i, key: "shared/reward", value: i },
  ]).flat();
  return { rollouts: [...own, ...shared], points };
}

/** The totals `writers` x `batches` of `ingestBatch` must leave in the run, whatever the interleaving. */
export function expectedTotals(
  writers: number,
  batches: number,
  sizes: { ownRollouts: number; sharedRollouts: number; points: number },
) {
  const collapsedOf = (n: number) => Math.ceil(n / 3);
  const rollouts = batches * (writers * sizes.ownRollouts + sizes.sharedRollouts);
  const fullCollapse = batches * (writers * collapsedOf(sizes.ownRollouts) + collapsedOf(sizes.sharedRollouts));
  return {
    rollouts,
    turns: rollouts,
    metricPoints: batches * sizes.points * (writers + 1),
    healthRollouts: rollouts,
    healthTurns: rollouts,
    fullCollapse,
    healthyToolCall: rollouts - fullCollapse,
  };
}
