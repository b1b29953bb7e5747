import path from "node:path";
import { STRUCTURAL_STATES, type StructuralState } from "@/lib/domain/classifier/types";
import { classifyDocument } from "@/lib/domain/ingest/classify-document";
import { listFiles, readText } from "../files";
import { CliError, note } from "../output";
import type { CliCommand } from "../command";

const CLASSIFIABLE = /\.(txt|json|jsonl|chatml)$/i;

/**
 * Classifies every assistant turn in a file or folder. With --json: one line per turn,
 * {"file", "dialogue", "turn", "state", "failures"}; otherwise a count per state.
 */
export function classifyFiles(target: string, { isJson }: { isJson: boolean }): void {
  const files = listFiles(target, (name) => CLASSIFIABLE.test(name));
  if (files.length === 0) throw new CliError(`${target}: no .txt, .json, .jsonl or .chatml files`);
  const counts = Object.fromEntries(STRUCTURAL_STATES.map((s) => [s, 0])) as Record<StructuralState, number>;
  const base = path.resolve(target);

  for (const file of files) {
    const result = classifyDocument(readText(file), path.basename(file));
    if (!result.ok) throw new CliError(`${file}: ${result.issues[0]!.path}: ${result.issues[0]!.message}`);
    const name = files.length === 1 && file === target ? file : path.relative(base, file) || path.basename(file);
    for (const { dialogue, turns } of result.value) {
      for (const t of turns) {
        counts[t.state]++;
        if (isJson) process.stdout.write(`${JSON.stringify({ file: name, dialogue, turn: t.turn, state: t.state, failures: t.failures })}\n`);
      }
    }
  }
  if (!isJson) for (const state of STRUCTURAL_STATES) process.stdout.write(`${state.padEnd(18)} ${counts[state]}\n`);
  note(`${files.length} file(s) classified`);
}

export const classifyCommand: CliCommand = {
  words: ["classify"],
  arguments: "<file|dir>",
  positionals: { min: 1, max: 1 },
  summary: "structural state of every assistant turn in files (no database needed)",
  details:
    "Auto-detects ACEBench dialogue tables, verl dumps, JSON or JSONL message lists and ChatML text. " +
    "Without --json it prints a count per state.",
  options: { json: { type: "boolean", description: 'one line per turn: {"file", "dialogue", "turn", "state", "failures"}' } },
  examples: ["npx spikewatch classify ../shared/data/acebench-dialogues/multi_turn/Qwen2.5-1.5B-GRPO --json"],
  run: ({ values, positionals }) => classifyFiles(positionals[0]!, { isJson: values.json === true }),
};
