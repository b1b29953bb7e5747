import { HEALTH_ALERT_KINDS } from "@/lib/domain/alerts/types";
import type { ClassifiedTurn } from "@/lib/domain/classifier/classify-transcript";
import { aggregateStepHealth, mergeStepHealth, type StepHealth } from "@/lib/domain/health/aggregate-step-health";
import { encodeFailures } from "@/lib/domain/ingest/failure-list";
import { classifyRolloutTurns, summarizeTurns } from "@/lib/domain/ingest/prepare-rollout";
import type { Message } from "@/lib/domain/transcripts/message";
import type { Db } from "../db";
import { publishHealthChange } from "../health/publish-health-change";
import { replaceStepHealth } from "../health/write-step-health";
import { assertRunExists } from "../runs/get-run";
import type { Tx } from "../tx";
import { writeTransaction } from "../write-transaction";
import { insertTurns } from "./turn-rows";

/** Rollouts classified and written per transaction; the most transcripts held in memory at once. */
export const RECLASSIFY_PAGE_SIZE = 500;

export type ReclassifyOptions = {
  onProgress?: (fraction: number) => Promise<void> | void;
  signal?: AbortSignal;
  pageSize?: number;
};

type StoredRollout = {
  id: number;
  step: number;
  split: string;
  reward: number | null;
  transcript: string;
  tools: string | null;
  isTruncated: boolean;
  isOffPolicy: boolean;
};
type ClassifiedRollout = { row: StoredRollout; turns: ClassifiedTurn[] };

/**
 * Runs the current classifier again over every stored transcript of a run, one page of rollouts per
 * write transaction, keeping only the per-step counts between pages (memory grows with the run's
 * steps, not its turns). Then it replaces what it recomputes, in one transaction: per-step health,
 * the structural-health alerts and the collapse verdict. Control-token spike alerts come from
 * checkpoint replays, not from turn states, and are kept. Idempotent: running it twice leaves the same rows.
 */
export async function reclassifyRun(
  db: Db,
  runId: string,
  options: ReclassifyOptions = {},
): Promise<{ rollouts: number }> {
  await assertRunExists(db, runId);
  const pageSize = options.pageSize ?? RECLASSIFY_PAGE_SIZE;
  const total = await db.rollout.count({ where: { runId } });
  let health: StepHealth[] = [];
  let cursor = 0;
  let done = 0;

  for (;;) {
    options.signal?.throwIfAborted();
    const page = classifyPage(await readPage(db, runId, cursor, pageSize));
    if (page.length === 0) break;
    await writeTransaction(db, (tx) => writePage(tx, runId, page), { maxWait: 30_000, timeout: 120_000 });
    health = mergeStepHealth(health, healthOf(page));
    cursor = page[page.length - 1]!.row.id;
    done += page.length;
    await options.onProgress?.(Math.min(0.99, done / Math.max(total, 1)));
  }

  return writeTransaction(
    db,
    async (tx) => {
      // Rollouts stored while the pages ran are taken in here, under the write lock, so the rebuilt
      // series misses none. Local copies: a retried transaction starts again from the committed pages.
      let rebuilt = health;
      let after = cursor;
      let rollouts = done;
      for (;;) {
        const page = classifyPage(await readPage(tx, runId, after, pageSize));
        if (page.length === 0) break;
        await writePage(tx, runId, page);
        rebuilt = mergeStepHealth(rebuilt, healthOf(page));
        after = page[page.length - 1]!.row.id;
        rollouts += page.length;
      }
      await replaceStepHealth(tx, runId, rebuilt);
      await tx.alert.deleteMany({ where: { runId, kind: { in: [...HEALTH_ALERT_KINDS] } } });
      await publishHealthChange(tx, runId, rebuilt, { isRebuild: true });
      return { rollouts };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

function readPage(db: Pick<Tx, "rollout">, runId: string, afterId: number, pageSize: number): Promise<StoredRollout[]> {
  return db.rollout.findMany({
    where: { runId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: pageSize,
    select: {
      id: true,
      step: true,
      split: true,
      reward: true,
      transcript: true,
      tools: true,
      isTruncated: true,
      isOffPolicy: true,
    },
  });
}

function classifyPage(page: StoredRollout[]): ClassifiedRollout[] {
  return page.map((row) => {
    const messages = JSON.parse(row.transcript) as Message[];
    const tools = row.tools ? (JSON.parse(row.tools) as string[]) : null;
    return { row, turns: classifyRolloutTurns(messages, { tools, isTruncated: row.isTruncated }) };
  });
}

async function writePage(tx: Tx, runId: string, page: ClassifiedRollout[]): Promise<void> {
  await tx.turn.deleteMany({ where: { rolloutId: { in: page.map(({ row }) => row.id) } } });
  await insertTurns(
    tx,
    runId,
    page.map(({ row, turns }) => ({ rolloutId: row.id, step: row.step, turns })),
  );
  for (const { row, turns } of page) {
    const summary = summarizeTurns(turns);
    await tx.rollout.update({
      where: { id: row.id },
      data: { turnCount: turns.length, worstState: summary.worstState, failures: encodeFailures(summary.failures) },
    });
  }
}

/** Off-policy rollouts are stored but never counted in step health. */
function healthOf(page: ClassifiedRollout[]): StepHealth[] {
  return aggregateStepHealth(
    page
      .filter(({ row }) => !row.isOffPolicy)
      .map(({ row, turns }) => ({ step: row.step, split: row.split, reward: row.reward, turns })),
  );
}
