import { aggregateStepHealth } from "@/lib/domain/health/aggregate-step-health";
import { encodeFailures } from "@/lib/domain/ingest/failure-list";
import { prepareRollout, type PreparedRollout } from "@/lib/domain/ingest/prepare-rollout";
import type { RolloutInput } from "@/lib/domain/ingest/schemas";
import type { TranscriptFormat } from "@/lib/domain/transcripts/message";
import type { Db } from "../db";
import { AppError, type ErrorIssue } from "../errors";
import { assertRunExists } from "../runs/get-run";
import { publishHealthChange } from "../health/publish-health-change";
import { incrementStepHealth } from "../health/write-step-health";
import type { Tx } from "../tx";
import { writeTransaction } from "../write-transaction";
import { insertTurns } from "./turn-rows";

export type IngestRolloutsResult = { inserted: number; duplicates: number; steps: number[] };

/**
 * Classifies and stores a batch in one transaction: every rollout is parsed first and any bad one
 * rejects the whole batch (422 with paths) before a row is written. A (run, step, sampleId) already
 * stored, or repeated inside the batch, is skipped, so re-sending a batch is a no-op. Step health
 * counts are incremented only by on-policy rows that were actually inserted; the same transaction
 * runs the alert detector and appends to the change feed the event streams read.
 */
export async function ingestRollouts(
  db: Db,
  runId: string,
  inputs: readonly RolloutInput[],
  options: { source: string; format?: TranscriptFormat },
): Promise<IngestRolloutsResult> {
  const prepared = prepareAll(inputs, options.format);
  await assertRunExists(db, runId);

  return writeTransaction(
    db,
    async (tx) => {
      const fresh = await withoutStored(tx, runId, uniqueInBatch(prepared));
      if (fresh.length > 0) {
        await insertRollouts(tx, runId, fresh, options.source);
        const health = aggregateStepHealth(fresh.filter((r) => !r.isOffPolicy));
        await incrementStepHealth(tx, runId, health);
        await publishHealthChange(tx, runId, health);
      }
      const steps = [...new Set(fresh.map((r) => r.step))].sort((a, b) => a - b);
      return { inserted: fresh.length, duplicates: inputs.length - fresh.length, steps };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

function prepareAll(inputs: readonly RolloutInput[], format?: TranscriptFormat): PreparedRollout[] {
  const issues: ErrorIssue[] = [];
  const prepared: PreparedRollout[] = [];
  inputs.forEach((input, i) => {
    const result = prepareRollout(input, format);
    if (result.ok) prepared.push(result.value);
    else issues.push(...result.issues.map((issue) => ({ path: `rollouts.${i}.${issue.path}`, message: issue.message })));
  });
  if (issues.length > 0) throw new AppError("UNPROCESSABLE", `${issues[0]!.path}: ${issues[0]!.message}`, issues);
  return prepared;
}

function keyOf(r: { step: number; sampleId: string }): string {
  return `${r.step}\u0000${r.sampleId}`;
}

function uniqueInBatch(rollouts: PreparedRollout[]): PreparedRollout[] {
  const seen = new Set<string>();
  return rollouts.filter((r) => !seen.has(keyOf(r)) && seen.add(keyOf(r)));
}

// Filtering by step only keeps the bound parameters few; Prisma rejects large IN lists combined
// with other conditions on SQLite (P2029), and a step holds at most a few thousand rollouts.
async function withoutStored(tx: Tx, runId: string, rollouts: PreparedRollout[]): Promise<PreparedRollout[]> {
  const steps = [...new Set(rollouts.map((r) => r.step))];
  const stored = new Set<string>();
  for (let i = 0; i < steps.length; i += 500) {
    const rows = await tx.rollout.findMany({
      where: { runId, step: { in: steps.slice(i, i + 500) } },
      select: { step: true, sampleId: true },
    });
    for (const row of rows) stored.add(keyOf(row));
  }
  return rollouts.filter((r) => !stored.has(keyOf(r)));
}

// 17 columns x 1,000 rows stays under SQLite's 32,766 bound parameters per statement.
const ROLLOUT_INSERT_CHUNK = 1_000;

async function insertRollouts(tx: Tx, runId: string, rollouts: PreparedRollout[], source: string): Promise<void> {
  for (let i = 0; i < rollouts.length; i += ROLLOUT_INSERT_CHUNK) {
    await insertRolloutChunk(tx, runId, rollouts.slice(i, i + ROLLOUT_INSERT_CHUNK), source);
  }
}

async function insertRolloutChunk(tx: Tx, runId: string, rollouts: PreparedRollout[], source: string): Promise<void> {
  const created = await tx.rollout.createManyAndReturn({
    data: rollouts.map((r) => ({
      runId,
      step: r.step,
      sampleId: r.sampleId,
      split: r.split,
      evalKind: r.evalKind,
      transcript: JSON.stringify(r.messages),
      format: r.format,
      reward: r.reward,
      source,
      meta: JSON.stringify(r.meta),
      tools: r.tools ? JSON.stringify(r.tools) : null,
      isTruncated: r.isTruncated,
      isOffPolicy: r.isOffPolicy,
      turnCount: r.turns.length,
      worstState: r.worstState,
      failures: encodeFailures(r.failures),
    })),
    select: { id: true, step: true, sampleId: true },
  });
  const idByKey = new Map(created.map((row) => [keyOf(row), row.id]));
  await insertTurns(tx, runId, rollouts.map((r) => ({ rolloutId: idByKey.get(keyOf(r))!, step: r.step, turns: r.turns })));
}
