import type { FailureKind, StructuralState } from "@/lib/domain/classifier/types";
import { decodeFailures } from "@/lib/domain/ingest/failure-list";
import type { Message } from "@/lib/domain/transcripts/message";

export type RolloutTurnRecord = {
  turn: number;
  messageIndex: number;
  state: StructuralState;
  failures: FailureKind[];
  span: { start: number; end: number } | null;
};

/** The API shape of a rollout: transcript and meta parsed, failure lists decoded, turns in order. */
export type RolloutRecord = {
  id: number;
  step: number;
  sampleId: string;
  split: string;
  evalKind: string | null;
  reward: number | null;
  isOffPolicy: boolean;
  format: string;
  source: string;
  worstState: StructuralState | null;
  failures: FailureKind[];
  messages: Message[];
  turns: RolloutTurnRecord[];
  meta: Record<string, unknown>;
};

/** Prisma `include` that loads what toRolloutRecord needs beyond the rollout row. */
export const ROLLOUT_INCLUDE = { turns: { orderBy: { turn: "asc" } } } as const;

type TurnRow = {
  turn: number;
  messageIndex: number;
  state: string;
  failures: string;
  spanStart: number | null;
  spanEnd: number | null;
};

type RolloutRow = Omit<RolloutRecord, "worstState" | "failures" | "messages" | "turns" | "meta"> & {
  worstState: string | null;
  failures: string;
  transcript: string;
  meta: string;
  turns: TurnRow[];
};

export function toRolloutRecord(row: RolloutRow): RolloutRecord {
  return {
    id: row.id,
    step: row.step,
    sampleId: row.sampleId,
    split: row.split,
    evalKind: row.evalKind,
    reward: row.reward,
    isOffPolicy: row.isOffPolicy,
    format: row.format,
    source: row.source,
    worstState: row.worstState as StructuralState | null,
    failures: decodeFailures(row.failures),
    messages: JSON.parse(row.transcript) as Message[],
    meta: JSON.parse(row.meta) as Record<string, unknown>,
    turns: row.turns.map((t) => ({
      turn: t.turn,
      messageIndex: t.messageIndex,
      state: t.state as StructuralState,
      failures: decodeFailures(t.failures),
      span: t.spanStart !== null && t.spanEnd !== null ? { start: t.spanStart, end: t.spanEnd } : null,
    })),
  };
}
