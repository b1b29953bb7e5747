import { EVAL_KINDS, type CreateRun, type EvalKind } from "@/lib/domain/ingest/schemas";
import { importAcebenchFolders } from "@/lib/server/sample-data/import-acebench-folders";
import type { CliContext } from "../context";
import { CliError, note } from "../output";
import { asCliError } from "./ingest-batches";
import type { CliCommand } from "../command";
import { nonNegativeIntFlag, RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";

export type ImportAcebenchOptions = { run?: string; labels: Omit<CreateRun, "name">; step: number; evalKind: EvalKind };

/**
 * Imports folders of ACEBench dialogue tables, one eval rollout per dialogue. Each folder becomes a
 * run (named --run, or after the folder when several folders are given); the paper's configuration
 * folders get their model and regime filled in. The same function as `npm start`'s sample data.
 */
export async function importAcebench(ctx: CliContext, dirs: string[], options: ImportAcebenchOptions): Promise<void> {
  if (dirs.length > 1 && options.run)
    throw new CliError("--run names one run: give one folder, or omit --run to name runs after folders");
  try {
    await importAcebenchFolders(ctx.db, dirs, {
      ...(options.run === undefined ? {} : { runName: options.run }),
      labels: options.labels,
      step: options.step,
      evalKind: options.evalKind,
      onRun: (run) =>
        note(
          run.isSkipped
            ? `run "${run.name}" (${run.id}): all ${run.dialogues} dialogues of ${run.folder} already stored`
            : `${run.isCreated ? "created" : "appended to"} run "${run.name}" (${run.id}): ${run.inserted} new, ${run.duplicates} already stored`,
        ),
    });
  } catch (error) {
    throw asCliError(error);
  }
  note("done");
}

export const importAcebenchCommand: CliCommand = {
  words: ["import", "acebench"],
  arguments: "<dir...>",
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  summary: "folders of ACEBench dialogue tables, one eval rollout per dialogue",
  details:
    "Several folders make several runs named after them; the paper's ten configuration folders get their " +
    "model, regime and scheme filled in.",
  options: {
    run: { ...RUN_OPTION, isRequired: false, description: "run name (one folder only; default: the folder name)" },
    step: { type: "string", value: "N", description: "step the evaluation belongs to (default 0)" },
    "eval-kind": { type: "string", value: "K", description: `one of ${EVAL_KINDS.join(", ")} (default content_ood)` },
    ...RUN_LABEL_OPTIONS,
  },
  examples: ["npx spikewatch import acebench path/to/dialogue_history/multi_turn/*"],
  run: async ({ values, positionals }, openContext) => {
    const { name, ...labels } = runFromFlags(values);
    const evalKind = typeof values["eval-kind"] === "string" ? values["eval-kind"] : "content_ood";
    if (!(EVAL_KINDS as readonly string[]).includes(evalKind))
      throw new CliError(`--eval-kind must be one of ${EVAL_KINDS.join(", ")}`);
    return importAcebench(await openContext(), positionals, {
      ...(name ? { run: name } : {}),
      labels,
      step: nonNegativeIntFlag(typeof values.step === "string" ? values.step : "0", "--step"),
      evalKind: evalKind as EvalKind,
    });
  },
};
