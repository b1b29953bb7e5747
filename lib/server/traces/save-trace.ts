import type { PackedTrace } from "@/lib/domain/traces/pack-trace";
import type { Db } from "../db";
import type { DecisionPoint } from "./get-trace";

export type TraceToSave = PackedTrace & {
  trackedTokens: { id: number; text: string }[];
  vocab: Record<number, string>;
  decisionPoints: DecisionPoint[];
};

/**
 * Stores one probe's trace on one checkpoint and counts it as done, in one transaction. Keyed by
 * (checkpoint, probe): a retried job overwrites its own earlier row instead of adding one.
 */
export async function saveTrace(db: Db, checkpointId: string, probeId: number, trace: TraceToSave): Promise<void> {
  const { trackedTokens, vocab, decisionPoints, ...arrays } = trace;
  const columns = {
    ...arrays,
    trackedTokens: JSON.stringify(trackedTokens),
    vocab: JSON.stringify(vocab),
    decisionPoints: JSON.stringify(decisionPoints),
  };
  await db.$transaction(async (tx) => {
    await tx.trace.upsert({
      where: { checkpointId_probeId: { checkpointId, probeId } },
      create: { checkpointId, probeId, ...columns },
      update: columns,
    });
    const done = await tx.trace.count({ where: { checkpointId } });
    await tx.checkpoint.update({ where: { id: checkpointId }, data: { probesDone: done } });
  });
}
