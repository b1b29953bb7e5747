import { unpackTrace } from "@/lib/domain/traces/pack-trace";
import type { Db } from "../db";
import { AppError } from "../errors";

export type TraceToken = {
  id: number;
  text: string;
  /** probability of the token at the next position (null at the last one) */
  pNext: number | null;
  /** nats */
  entropy: number;
  /** probability that the next token is each tracked control token */
  control: Record<string, number>;
  top: { id: number; text: string; p: number }[];
};

export type DecisionPoint = { position: number; probabilities: Record<string, number> };

export type TraceRecord = {
  checkpointId: string;
  step: number;
  probe: string;
  tokens: TraceToken[];
  decisionPoints: DecisionPoint[];
};

/**
 * One probe's trace on one checkpoint. Convention: the entry at position i describes the model's
 * distribution for the token at position i + 1 (what it predicted after reading tokens 0..i).
 */
export async function getTrace(db: Db, checkpointId: string, probeName: string): Promise<TraceRecord> {
  const row = await db.trace.findFirst({
    where: { checkpointId, probe: { name: probeName } },
    select: {
      tokenCount: true,
      tokenIds: true,
      pNext: true,
      entropy: true,
      tracked: true,
      topIds: true,
      topP: true,
      trackedTokens: true,
      vocab: true,
      decisionPoints: true,
      checkpoint: { select: { step: true } },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", `No trace of probe '${probeName}' on checkpoint ${checkpointId}`);
  const tracked = JSON.parse(row.trackedTokens) as { id: number; text: string }[];
  const vocab = JSON.parse(row.vocab) as Record<string, string>;
  const { tokenIds, stats } = unpackTrace(row, tracked.length);
  const text = (id: number) => vocab[String(id)] ?? "";
  return {
    checkpointId,
    step: row.checkpoint.step,
    probe: probeName,
    tokens: tokenIds.map((id, i) => ({
      id,
      text: text(id),
      pNext: stats[i]!.pNext,
      entropy: stats[i]!.entropy,
      control: Object.fromEntries(tracked.map((t, c) => [t.text, stats[i]!.tracked[c]!])),
      top: stats[i]!.top.map((t) => ({ ...t, text: text(t.id) })),
    })),
    decisionPoints: JSON.parse(row.decisionPoints) as DecisionPoint[],
  };
}
