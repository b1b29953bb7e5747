import { RolloutInputSchema, type RolloutInput } from "@/lib/domain/ingest/schemas";
import type { TranscriptFormat } from "@/lib/domain/transcripts/message";
import { AppError, zodIssues } from "@/lib/server/errors";
import type { Db } from "@/lib/server/db";
import { ingestRollouts } from "@/lib/server/rollouts/ingest-rollouts";
import { CliError } from "../output";

export const BATCH_SIZE = 500;

/** Validates raw rollouts exactly as the API does; the error names the file and field. */
export function validateRollout(raw: unknown, where: string): RolloutInput {
  const parsed = RolloutInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = zodIssues(parsed.error)[0]!;
  throw new CliError(`${where}: ${issue.path}: ${issue.message}`);
}

/** Stores rollouts in batches through the same function as POST /api/runs/:id/rollouts. */
export async function ingestInBatches(
  db: Db,
  runId: string,
  rollouts: RolloutInput[],
  options: { source: string; format: TranscriptFormat },
): Promise<{ inserted: number; duplicates: number }> {
  let inserted = 0;
  let duplicates = 0;
  for (let i = 0; i < rollouts.length; i += BATCH_SIZE) {
    try {
      const result = await ingestRollouts(db, runId, rollouts.slice(i, i + BATCH_SIZE), options);
      inserted += result.inserted;
      duplicates += result.duplicates;
    } catch (error) {
      if (error instanceof AppError) throw new CliError(`${options.source}: ${error.message}`);
      throw error;
    }
  }
  return { inserted, duplicates };
}
