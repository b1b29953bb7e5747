import type { ClassifiedTurn } from "@/lib/domain/classifier/classify-transcript";
import { aggregateStepHealth } from "@/lib/domain/health/aggregate-step-health";
import { encodeFailures } from "@/lib/domain/ingest/failure-list";
import { classifyRolloutTurns, summarizeTurns } from "@/lib/domain/ingest/prepare-rollout";
import type { Message } from "@/lib/domain/transcripts/message";
import type { Db } from "../db";
import { publishHealthChange } from "../health/publish-health-change";
import { replaceStepHealth } from "../health/write-step-health";
import { assertRunExists } from "../runs/get-run";
import { withWriteRetry } from "../write-retry";
import { insertTurns } from "./turn-rows";

const PAGE_SIZE = 500;

export type ReclassifyOptions = { onProgress?: (fraction: number) => Promise<void> | void; signal?: AbortSignal };

/**
 * Runs the current classifier again over every stored transcript of a run, page by page (one short
 * transaction each), then rebuilds the run's per-step health from the new turn states. Idempotent:
 * running it twice leaves the same rows.
 */
export async function reclassifyRun(db: Db, runId: string, options: ReclassifyOptions = {}): Promise<{ rollouts: number }> {
  await assertRunExists(db, runId);
  const total = await db.rollout.count({ where: { runId } });
  const summaries: { step: number; split: string; reward: number | null; turns: ClassifiedTurn[] }[] = [];
  let cursor = 0;
  let done = 0;

  for (;;) {
    options.signal?.throwIfAborted();
    const page = await db.rollout.findMany({
      where: { runId, id: { gt: cursor } },
      orderBy: { id: "asc" },
      take: PAGE_SIZE,
      select: { id: true, step: true, split: true, reward: true, transcript: true, tools: true, isTruncated: true, isOffPolicy: true },
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1]!.id;

    const classified = page.map((row) => {
      const messages = JSON.parse(row.transcript) as Message[];
      const tools = row.tools ? (JSON.parse(row.tools) as string[]) : null;
      return { row, turns: classifyRolloutTurns(messages, { tools, isTruncated: row.isTruncated }) };
    });
    await withWriteRetry(() =>
      db.$transaction(async (tx) => {
        await tx.turn.deleteMany({ where: { rolloutId: { in: page.map((r) => r.id) } } });
        await insertTurns(tx, runId, classified.map(({ row, turns }) => ({ rolloutId: row.id, step: row.step, turns })));
        for (const { row, turns } of classified) {
          const summary = summarizeTurns(turns);
          await tx.rollout.update({
            where: { id: row.id },
            data: { turnCount: turns.length, worstState: summary.worstState, failures: encodeFailures(summary.failures) },
          });
        }
      }),
    );
    for (const { row, turns } of classified) {
      if (!row.isOffPolicy) summaries.push({ step: row.step, split: row.split, reward: row.reward, turns });
    }
    done += page.length;
    await options.onProgress?.(Math.min(0.99, done / Math.max(total, 1)));
  }

  // Alerts and the collapse verdict follow the classifier: they are derived again from the rebuilt health series.
  await withWriteRetry(() =>
    db.$transaction(async (tx) => {
      const health = aggregateStepHealth(summaries);
      await replaceStepHealth(tx, runId, health);
      await tx.alert.deleteMany({ where: { runId } });
      await publishHealthChange(tx, runId, health, { isRebuild: true });
    }),
  );
  return { rollouts: done };
}
