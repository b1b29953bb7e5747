import { RolloutInputSchema, type RolloutInput } from "@/lib/domain/ingest/schemas";
import type { TranscriptFormat } from "@/lib/domain/transcripts/message";
import type { Db } from "../db";
import { AppError, zodIssues } from "../errors";
import { ingestRollouts } from "../rollouts/ingest-rollouts";

/** Rollouts per ingest call (one transaction each) when a file import is large. */
export const INGEST_BATCH_SIZE = 500;

/** Validates one raw rollout of a file exactly as the API does; the error names the file and field. */
export function validateFileRollout(raw: unknown, where: string): RolloutInput {
  const parsed = RolloutInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = zodIssues(parsed.error)[0]!;
  throw new AppError("UNPROCESSABLE", `${where}: ${issue.path}: ${issue.message}`);
}

/**
 * Stores rollouts in batches through the same function as POST /api/runs/:id/rollouts; an error
 * names the import's source. Batches already stored are skipped by ingestion, so a rerun completes.
 * `collisions` counts skipped rollouts whose content differs from the one stored under their id.
 */
export async function ingestInBatches(
  db: Db,
  runId: string,
  rollouts: readonly RolloutInput[],
  options: { source: string; format: TranscriptFormat },
): Promise<{ inserted: number; duplicates: number; collisions: number }> {
  let inserted = 0;
  let duplicates = 0;
  let collisions = 0;
  for (let i = 0; i < rollouts.length; i += INGEST_BATCH_SIZE) {
    try {
      const result = await ingestRollouts(db, runId, rollouts.slice(i, i + INGEST_BATCH_SIZE), options);
      inserted += result.inserted;
      duplicates += result.duplicates;
      collisions += result.duplicateRollouts.filter((d) => !d.isSameContent).length;
    } catch (error) {
      if (error instanceof AppError)
        throw new AppError(error.code, `${options.source}: ${error.message}`, error.issues);
      throw error;
    }
  }
  return { inserted, duplicates, collisions };
}
