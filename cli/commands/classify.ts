import fs from "node:fs";
import path from "node:path";
import { STRUCTURAL_STATES, type StructuralState } from "@/lib/domain/classifier/types";
import {
  classifyCompletionsTable,
  classifyDocument,
  type DocumentDialogue,
} from "@/lib/domain/ingest/classify-document";
import type { ParseResult } from "@/lib/domain/transcripts/message";
import { isParquet, readParquetTable } from "@/lib/server/rollout-files/read-parquet-table";
import { listFiles, textOf } from "../files";
import { CliError, note } from "../output";
import type { CliCommand } from "../command";
import { asCliError } from "./ingest-batches";

const CLASSIFIABLE = /\.(txt|json|jsonl|chatml|parquet)$/i;

/**
 * Classifies every assistant turn in a file or folder. With --json: one line per turn,
 * {"file", "dialogue", "turn", "state", "failures"}; otherwise a count per state. A parquet file is
 * read as a TRL completions table; any other binary file, or text of no known format, fails naming it.
 */
export async function classifyFiles(target: string, { isJson }: { isJson: boolean }): Promise<void> {
  const files = listFiles(target, (name) => CLASSIFIABLE.test(name));
  if (files.length === 0) throw new CliError(`${target}: no .txt, .json, .jsonl, .chatml or .parquet files`);
  const counts = Object.fromEntries(STRUCTURAL_STATES.map((s) => [s, 0])) as Record<StructuralState, number>;
  const base = path.resolve(target);

  for (const file of files) {
    const result = await classifyFile(file);
    if (!result.ok) throw new CliError(`${file}: ${result.issues[0]!.path}: ${result.issues[0]!.message}`);
    const name = files.length === 1 && file === target ? file : path.relative(base, file) || path.basename(file);
    for (const { dialogue, turns } of result.value) {
      for (const t of turns) {
        counts[t.state]++;
        if (isJson)
          process.stdout.write(
            `${JSON.stringify({ file: name, dialogue, turn: t.turn, state: t.state, failures: t.failures })}\n`,
          );
      }
    }
  }
  if (!isJson) for (const state of STRUCTURAL_STATES) process.stdout.write(`${state.padEnd(18)} ${counts[state]}\n`);
  note(`${files.length} file(s) classified`);
}

async function classifyFile(file: string): Promise<ParseResult<DocumentDialogue[]>> {
  const bytes = fs.readFileSync(file);
  if (/\.parquet$/i.test(file) && !isParquet(bytes)) {
    throw new CliError(`${file}: not a parquet file (no PAR1 magic at both ends)`);
  }
  if (!isParquet(bytes)) return classifyDocument(textOf(bytes, file), path.basename(file));
  try {
    return classifyCompletionsTable(await readParquetTable(bytes, file), path.basename(file));
  } catch (error) {
    throw asCliError(error);
  }
}

export const classifyCommand: CliCommand = {
  words: ["classify"],
  arguments: "<file|dir>",
  positionals: { min: 1, max: 1 },
  summary: "structural state of every assistant turn in files (no database needed)",
  details:
    "Auto-detects ACEBench dialogue tables, verl dumps (verl_step_records and <step>.jsonl generations), " +
    "TRL completions (completions_<step>.parquet, W&B table JSON), JSON or JSONL message lists and ChatML text. " +
    "Without --json it prints a count per state. Binary files and unknown formats fail (exit 1) naming the file.",
  options: {
    json: { type: "boolean", description: 'one line per turn: {"file", "dialogue", "turn", "state", "failures"}' },
  },
  examples: ["npx spikewatch classify ../shared/data/acebench-dialogues/multi_turn/Qwen2.5-1.5B-GRPO --json"],
  run: ({ values, positionals }) => classifyFiles(positionals[0]!, { isJson: values.json === true }),
};
