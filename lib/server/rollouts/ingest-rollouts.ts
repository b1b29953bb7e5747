import { aggregateStepHealth } from "@/lib/domain/health/aggregate-step-health";
import type { StorableRollout } from "@/lib/domain/ingest/prepare-rollout";
import type { RolloutInput } from "@/lib/domain/ingest/schemas";
import type { TranscriptFormat } from "@/lib/domain/transcripts/message";
import { sqliteConnectionOf, type Db } from "../db";
import { AppError, type ErrorIssue } from "../errors";
import { assertRunExists } from "../runs/get-run";
import { publishHealthChange } from "../health/publish-health-change";
import { incrementStepHealth } from "../health/write-step-health";
import type { Tx } from "../tx";
import { writeTransaction } from "../write-transaction";
import { prepareRollouts } from "./classify-pool";
import { insertRolloutRows } from "./rollout-rows";

/**
 * A rollout of the batch that was not stored because its (split, step, sampleId) was already taken: by a stored
 * row (`stored`) or by an earlier rollout of the same batch (`batch`). `isSameContent` tells a retry (the same
 * transcript and reward again: safe to ignore) from a collision (another rollout under a taken id: a client bug).
 */
export type DuplicateRollout = {
  index: number;
  step: number;
  split: string;
  sampleId: string;
  takenBy: "stored" | "batch";
  isSameContent: boolean;
};

export type IngestRolloutsResult = {
  inserted: number;
  duplicates: number;
  steps: number[];
  duplicateRollouts: DuplicateRollout[];
};

/**
 * Classifies and stores a batch in one transaction: every rollout is parsed first and any bad one
 * rejects the whole batch (422 with paths) before a row is written. A (run, split, step, sampleId) already
 * stored, or repeated inside the batch, is skipped and reported, so re-sending a batch is a no-op. Step health
 * counts are incremented only by on-policy rows that were actually inserted; the same transaction
 * runs the alert detector and appends to the change feed the event streams read.
 */
export async function ingestRollouts(
  db: Db,
  runId: string,
  inputs: readonly RolloutInput[],
  options: { source: string; format?: TranscriptFormat },
): Promise<IngestRolloutsResult> {
  const prepared = await prepareAll(inputs, options.format);
  await assertRunExists(db, runId);
  const sqlite = await sqliteConnectionOf(db);

  return writeTransaction(
    db,
    async (tx) => {
      const { unique, repeats } = splitBatchRepeats(prepared);
      const { fresh, taken } = await splitStored(tx, runId, unique);
      if (fresh.length > 0) {
        await insertRolloutRows(sqlite, tx, runId, fresh, options.source);
        const health = aggregateStepHealth(fresh.filter((r) => !r.isOffPolicy));
        await incrementStepHealth(tx, runId, health);
        await publishHealthChange(tx, runId, health);
      }
      const steps = [...new Set(fresh.map((r) => r.step))].sort((a, b) => a - b);
      const duplicateRollouts = [...repeats, ...taken].sort((a, b) => a.index - b.index);
      return { inserted: fresh.length, duplicates: duplicateRollouts.length, steps, duplicateRollouts };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

async function prepareAll(inputs: readonly RolloutInput[], format?: TranscriptFormat): Promise<StorableRollout[]> {
  const issues: ErrorIssue[] = [];
  const prepared: StorableRollout[] = [];
  (await prepareRollouts(inputs, format)).forEach((result, i) => {
    if (result.ok) prepared.push(result.value);
    else
      issues.push(...result.issues.map((issue) => ({ path: `rollouts.${i}.${issue.path}`, message: issue.message })));
  });
  if (issues.length > 0) throw new AppError("UNPROCESSABLE", `${issues[0]!.path}: ${issues[0]!.message}`, issues);
  return prepared;
}

type Identity = { split: string; step: number; sampleId: string };
type Indexed = StorableRollout & { index: number };

function keyOf(r: Identity): string {
  return `${r.split}\u0000${r.step}\u0000${r.sampleId}`;
}

function contentOf(r: { transcript: string; reward: number | null }): string {
  return `${r.reward ?? ""}\u0000${r.transcript}`;
}

function duplicateOf(r: Indexed, takenBy: DuplicateRollout["takenBy"], isSameContent: boolean): DuplicateRollout {
  return { index: r.index, step: r.step, split: r.split, sampleId: r.sampleId, takenBy, isSameContent };
}

/** The first rollout of each identity in the batch, and the later repeats compared with it. */
function splitBatchRepeats(rollouts: StorableRollout[]): { unique: Indexed[]; repeats: DuplicateRollout[] } {
  const first = new Map<string, Indexed>();
  const repeats: DuplicateRollout[] = [];
  rollouts.forEach((rollout, index) => {
    const r = { ...rollout, index };
    const earlier = first.get(keyOf(r));
    if (!earlier) first.set(keyOf(r), r);
    else repeats.push(duplicateOf(r, "batch", contentOf(earlier) === contentOf(r)));
  });
  return { unique: [...first.values()], repeats };
}

// Filtering by step only keeps the bound parameters few; Prisma rejects large IN lists combined
// with other conditions on SQLite (P2029), and a step holds at most a few thousand rollouts.
async function splitStored(
  tx: Tx,
  runId: string,
  rollouts: Indexed[],
): Promise<{ fresh: Indexed[]; taken: DuplicateRollout[] }> {
  const steps = [...new Set(rollouts.map((r) => r.step))];
  const storedKeys = new Set<string>();
  for (let i = 0; i < steps.length; i += 500) {
    const rows = await tx.rollout.findMany({
      where: { runId, step: { in: steps.slice(i, i + 500) } },
      select: { split: true, step: true, sampleId: true },
    });
    for (const row of rows) storedKeys.add(keyOf(row));
  }
  const fresh = rollouts.filter((r) => !storedKeys.has(keyOf(r)));
  const clashing = rollouts.filter((r) => storedKeys.has(keyOf(r)));
  return { fresh, taken: await compareWithStored(tx, runId, clashing) };
}

/** Reads the stored transcript of each clashing rollout, only for those, to tell a retry from a collision. */
async function compareWithStored(tx: Tx, runId: string, clashing: Indexed[]): Promise<DuplicateRollout[]> {
  const taken: DuplicateRollout[] = [];
  for (let i = 0; i < clashing.length; i += 200) {
    const chunk = clashing.slice(i, i + 200);
    const rows = await tx.rollout.findMany({
      where: { runId, OR: chunk.map(({ split, step, sampleId }) => ({ split, step, sampleId })) },
      select: { split: true, step: true, sampleId: true, transcript: true, reward: true },
    });
    const content = new Map(rows.map((row) => [keyOf(row), contentOf(row)]));
    for (const r of chunk) taken.push(duplicateOf(r, "stored", content.get(keyOf(r)) === contentOf(r)));
  }
  return taken;
}
