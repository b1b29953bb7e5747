import fs from "node:fs";
import path from "node:path";
import type { EvalKind, RolloutInput, Split } from "@/lib/domain/ingest/schemas";
import type { ParseIssue } from "@/lib/domain/transcripts/message";
import {
  parseTrlCompletions,
  parseTrlCompletionsFileName,
  readWandbTable,
  type CompletionsTable,
} from "@/lib/domain/transcripts/parse-trl-completions";
import {
  parseVerlGenerations,
  parseVerlGenerationsFileName,
  type VerlGenerationsSplit,
} from "@/lib/domain/transcripts/parse-verl-generations";
import { parsePythonJson } from "@/lib/domain/transcripts/python-json";
import { isParquet, readParquetTable } from "@/lib/server/rollout-files/read-parquet-table";
import { asCliError, validateRollout } from "./commands/ingest-batches";
import { textOf } from "./files";
import { CliError } from "./output";

export type VerlGenerationsInputs = { inputs: RolloutInput[]; readChars: number; hasPartialLine: boolean };

/**
 * Rollouts of a verl generations dump (`<step>.jsonl`), validated as the API validates them. Unless
 * `isFinal`, a last line without "\n" is left for later (`hasPartialLine`). Bad content is a CliError
 * naming the file and line.
 */
export function verlGenerationsInputs(
  file: string,
  bytes: Uint8Array,
  split: VerlGenerationsSplit,
  isFinal: boolean,
): VerlGenerationsInputs {
  const step = parseVerlGenerationsFileName(file);
  if (step === null) throw new CliError(`${file}: not named <step>.jsonl`);
  const parsed = parseVerlGenerations(textOf(bytes, file), { step, split, isFinal });
  if (!parsed.ok) throw issueError(file, parsed.issues);
  const inputs = parsed.value.rollouts.map((r) =>
    validateRollout(
      { step: r.step, sampleId: r.sampleId, split: r.split, messages: r.messages, reward: r.reward, meta: r.meta },
      `${file} line ${Number(r.sampleId) + 1}`,
    ),
  );
  return { inputs, readChars: parsed.value.readChars, hasPartialLine: parsed.value.hasPartialLine };
}

export type TrlCompletionsOptions = { split: Split; evalKind?: EvalKind; rewardColumns?: readonly string[] };

/** Rollouts of a TRL completions file: parquet (`completions_<step>.parquet`) or a W&B table JSON. */
export async function trlCompletionsInputs(file: string, options: TrlCompletionsOptions): Promise<RolloutInput[]> {
  const bytes = fs.readFileSync(file);
  const table = await readCompletionsTable(file, bytes);
  const parsed = parseTrlCompletions(table, {
    fileStep: parseTrlCompletionsFileName(file) ?? undefined,
    ...(options.rewardColumns ? { rewardColumns: options.rewardColumns } : {}),
  });
  if (!parsed.ok) throw issueError(file, parsed.issues);
  return parsed.value.map((r) =>
    validateRollout(
      {
        step: r.step,
        sampleId: r.sampleId,
        split: options.split,
        evalKind: options.evalKind,
        messages: r.messages,
        reward: r.reward,
        meta: r.meta,
      },
      `${file} step ${r.step} row ${r.sampleId}`,
    ),
  );
}

async function readCompletionsTable(file: string, bytes: Uint8Array): Promise<CompletionsTable> {
  if (isParquet(bytes)) {
    try {
      return await readParquetTable(bytes, file);
    } catch (error) {
      throw asCliError(error);
    }
  }
  if (/\.parquet$/i.test(file)) throw new CliError(`${file}: not a parquet file (no PAR1 magic at both ends)`);
  const json = parsePythonJson(textOf(bytes, file));
  if (!json) throw new CliError(`${file}: not valid JSON (expected a parquet file or a W&B table {"columns", "data"})`);
  const table = readWandbTable(json.value);
  if (!table.ok) throw issueError(file, table.issues);
  return table.value;
}

function issueError(file: string, issues: readonly ParseIssue[]): CliError {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new CliError(`${path.normalize(file)}: ${first.path ? `${first.path}: ` : ""}${first.message}${more}`);
}
