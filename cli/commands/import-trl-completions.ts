import path from "node:path";
import { EVAL_KINDS, SPLITS, type CreateRun, type EvalKind, type Split } from "@/lib/domain/ingest/schemas";
import { ensureRun, type CliContext } from "../context";
import { listFiles } from "../files";
import { CliError, progressPrinter } from "../output";
import { trlCompletionsInputs, type TrlCompletionsOptions } from "../rollout-files";
import type { CliCommand } from "../command";
import { RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";
import { ingestInBatches } from "./ingest-batches";

const COMPLETIONS_FILE = /\.(parquet|json)$/i;

/**
 * Imports TRL GRPOTrainer completions: `completions_<step>.parquet` files (TRL writes them under
 * `<output_dir>/completions/` with `log_completions=True`) and W&B table files (`*.table.json`, the
 * `completions` table). A file that is neither fails naming it.
 */
export async function importTrlCompletions(
  ctx: CliContext,
  target: string,
  run: CreateRun,
  options: TrlCompletionsOptions,
): Promise<void> {
  const files = listFiles(target, (name) => COMPLETIONS_FILE.test(name));
  if (files.length === 0) throw new CliError(`${target}: no .parquet or .json completions files`);
  const runId = await ensureRun(ctx.db, run);
  const progress = progressPrinter("TRL completions", files.length);
  let inserted = 0;
  let duplicates = 0;
  for (const [i, file] of files.entries()) {
    const inputs = await trlCompletionsInputs(file, options);
    const result = await ingestInBatches(ctx.db, runId, inputs, {
      source: `import:trl-completions:${path.basename(file)}`,
      format: "trl_completions",
    });
    inserted += result.inserted;
    duplicates += result.duplicates;
    progress(i + 1, `${inserted} rollouts new, ${duplicates} already stored`);
  }
}

export const importTrlCompletionsCommand: CliCommand = {
  words: ["import", "trl-completions"],
  arguments: "<file|dir>",
  positionals: { min: 1, max: 1 },
  summary: "TRL GRPOTrainer completions: completions_<step>.parquet files or W&B completions tables (.table.json)",
  details:
    "Columns step, prompt, completion, one per reward function and advantage " +
    "(GRPOTrainer.log with log_completions=True). The reward is the sum of the reward columns " +
    "(numeric columns other than step and advantage, or --reward-columns); " +
    "the sample id is the row's index among its step's rows.",
  options: {
    run: RUN_OPTION,
    split: { type: "string", value: "S", description: `one of ${SPLITS.join(", ")} (default train)` },
    "eval-kind": { type: "string", value: "K", description: `with --split eval: one of ${EVAL_KINDS.join(", ")}` },
    "reward-columns": {
      type: "string",
      value: "A,B",
      description: "reward columns to sum (default: every numeric column but step and advantage)",
    },
    ...RUN_LABEL_OPTIONS,
  },
  examples: [
    "npx spikewatch import trl-completions grpo-output/completions --run trl-grpo-1 --regime vanilla_rl",
    "npx spikewatch import trl-completions wandb/files/media/table --run trl-grpo-1 --reward-columns accuracy_reward",
  ],
  run: async ({ values, positionals }, openContext) => {
    const split = typeof values.split === "string" ? values.split : "train";
    if (!(SPLITS as readonly string[]).includes(split))
      throw new CliError(`--split must be one of ${SPLITS.join(", ")}`);
    const evalKind = typeof values["eval-kind"] === "string" ? values["eval-kind"] : undefined;
    if (evalKind !== undefined && (split !== "eval" || !(EVAL_KINDS as readonly string[]).includes(evalKind))) {
      throw new CliError(`--eval-kind needs --split eval and one of ${EVAL_KINDS.join(", ")}`);
    }
    const rewardColumns =
      typeof values["reward-columns"] === "string"
        ? values["reward-columns"]
            .split(",")
            .map((c) => c.trim())
            .filter(Boolean)
        : undefined;
    return importTrlCompletions(await openContext(), positionals[0]!, runFromFlags(values), {
      split: split as Split,
      ...(evalKind ? { evalKind: evalKind as EvalKind } : {}),
      ...(rewardColumns ? { rewardColumns } : {}),
    });
  },
};
