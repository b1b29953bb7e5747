import type { RolloutInput } from "@/lib/domain/ingest/schemas";
import type { TranscriptFormat } from "@/lib/domain/transcripts/message";
import type { Db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { ingestInBatches as ingestFileRollouts, validateFileRollout } from "@/lib/server/sample-data/ingest-in-batches";
import { CliError } from "../output";

/** Validates raw rollouts exactly as the API does; the error names the file and field. */
export function validateRollout(raw: unknown, where: string): RolloutInput {
  try {
    return validateFileRollout(raw, where);
  } catch (error) {
    throw asCliError(error);
  }
}

/** Stores rollouts in batches through the same function as POST /api/runs/:id/rollouts. */
export async function ingestInBatches(
  db: Db,
  runId: string,
  rollouts: RolloutInput[],
  options: { source: string; format: TranscriptFormat },
) {
  try {
    return await ingestFileRollouts(db, runId, rollouts, options);
  } catch (error) {
    throw asCliError(error);
  }
}

/** A server error (bad input, conflict) as the CLI reports it: its message, without a stack. */
export function asCliError(error: unknown): unknown {
  return error instanceof AppError ? new CliError(error.message) : error;
}
