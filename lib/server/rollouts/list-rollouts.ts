import type { FailureKind, StructuralState } from "@/lib/domain/classifier/types";
import { decodeFailures, failureFilter } from "@/lib/domain/ingest/failure-list";
import type { Split } from "@/lib/domain/ingest/schemas";
import type { Message } from "@/lib/domain/transcripts/message";
import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";

export type RolloutTurnRecord = {
  turn: number;
  messageIndex: number;
  state: StructuralState;
  failures: FailureKind[];
  span: { start: number; end: number } | null;
};

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

export type RolloutsQuery = {
  step?: number;
  split?: Split;
  state?: StructuralState;
  failure?: FailureKind;
  cursor?: number;
  limit: number;
};

export type RolloutPage = { rollouts: RolloutRecord[]; nextCursor: number | null };

/**
 * Pages through a run's rollouts in insertion order. `state` and `failure` match rollouts having at
 * least one assistant turn in that state / with that failure. `nextCursor` is null on the last page.
 */
export async function listRollouts(db: Db, runId: string, query: RolloutsQuery): Promise<RolloutPage> {
  await assertRunExists(db, runId);
  const rows = await db.rollout.findMany({
    where: {
      runId,
      step: query.step,
      split: query.split,
      id: query.cursor === undefined ? undefined : { gt: query.cursor },
      ...(query.state ? { turns: { some: { state: query.state } } } : {}),
      ...(query.failure ? { failures: { contains: failureFilter(query.failure) } } : {}),
    },
    orderBy: { id: "asc" },
    take: query.limit + 1,
    include: { turns: { orderBy: { turn: "asc" } } },
  });
  const page = rows.slice(0, query.limit);
  return {
    rollouts: page.map((row) => ({
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
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}
