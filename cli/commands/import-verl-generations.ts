import fs from "node:fs";
import path from "node:path";
import type { CreateRun } from "@/lib/domain/ingest/schemas";
import {
  parseVerlGenerationsFileName,
  type VerlGenerationsSplit,
} from "@/lib/domain/transcripts/parse-verl-generations";
import { ensureRun, type CliContext } from "../context";
import { listStepFiles } from "../files";
import { CliError, progressPrinter } from "../output";
import { verlGenerationsInputs } from "../rollout-files";
import type { CliCommand } from "../command";
import { RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";
import { ingestInBatches } from "./ingest-batches";

const SPLITS: readonly VerlGenerationsSplit[] = ["train", "val"];

/**
 * Imports a verl generations folder (`trainer.rollout_data_dir`, or `trainer.validation_data_dir` with
 * split val): every `<step>.jsonl`, one rollout per line. Files are read whole; a bad line fails the
 * import naming the file and line, before anything of that file is stored.
 */
export async function importVerlGenerations(
  ctx: CliContext,
  dir: string,
  run: CreateRun,
  split: VerlGenerationsSplit,
): Promise<void> {
  const files = listStepFiles(dir, parseVerlGenerationsFileName);
  if (files.length === 0)
    throw new CliError(`${dir}: no verl generations dumps (<step>.jsonl, as trainer.rollout_data_dir holds) found`);
  const runId = await ensureRun(ctx.db, run);
  const progress = progressPrinter(`verl ${split} generations`, files.length);
  let inserted = 0;
  let duplicates = 0;
  for (const [i, { file }] of files.entries()) {
    const { inputs } = verlGenerationsInputs(file, fs.readFileSync(file), split, true);
    const result = await ingestInBatches(ctx.db, runId, inputs, {
      source: `import:verl-generations:${split}:${path.basename(file)}`,
      format: "verl_generations",
    });
    inserted += result.inserted;
    duplicates += result.duplicates;
    progress(i + 1, `${inserted} rollouts new, ${duplicates} already stored`);
  }
}

export const importVerlGenerationsCommand: CliCommand = {
  words: ["import", "verl-generations"],
  arguments: "<dir>",
  positionals: { min: 1, max: 1 },
  summary:
    "verl generations dumps: <step>.jsonl from trainer.rollout_data_dir (or validation_data_dir with --split val)",
  details:
    "One rollout per line: input (prompt) and output (response) as verl decodes them, score as reward, " +
    "gts and reward " +
    "extras kept as meta. A line has no sample id, so the id is its 0-based line number; re-imports are no-ops.",
  options: {
    run: RUN_OPTION,
    split: {
      type: "string",
      value: "S",
      description: "train (default, rollout_data_dir) or val (validation_data_dir)",
    },
    ...RUN_LABEL_OPTIONS,
  },
  examples: [
    "npx spikewatch import verl-generations outputs/rollouts --run grpo-seed1 --regime vanilla_rl",
    "npx spikewatch import verl-generations outputs/validation --run grpo-seed1 --split val",
  ],
  run: async ({ values, positionals }, openContext) => {
    const split = typeof values.split === "string" ? values.split : "train";
    if (!(SPLITS as readonly string[]).includes(split))
      throw new CliError(`--split must be one of ${SPLITS.join(", ")}`);
    return importVerlGenerations(
      await openContext(),
      positionals[0]!,
      runFromFlags(values),
      split as VerlGenerationsSplit,
    );
  },
};
