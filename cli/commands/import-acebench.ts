import type { CreateRun, EvalKind } from "@/lib/domain/ingest/schemas";
import { importAcebenchFolders } from "@/lib/server/sample-data/import-acebench-folders";
import type { CliContext } from "../context";
import { CliError, note } from "../output";
import { asCliError } from "./ingest-batches";

export type ImportAcebenchOptions = { run?: string; labels: Omit<CreateRun, "name">; step: number; evalKind: EvalKind };

/**
 * Imports folders of ACEBench dialogue tables, one eval rollout per dialogue. Each folder becomes a
 * run (named --run, or after the folder when several folders are given); the paper's configuration
 * folders get their model and regime filled in. The same function as `npm start`'s sample data.
 */
export async function importAcebench(ctx: CliContext, dirs: string[], options: ImportAcebenchOptions): Promise<void> {
  if (dirs.length > 1 && options.run) throw new CliError("--run names one run: give one folder, or omit --run to name runs after folders");
  try {
    await importAcebenchFolders(ctx.db, dirs, {
      ...(options.run === undefined ? {} : { runName: options.run }),
      labels: options.labels,
      step: options.step,
      evalKind: options.evalKind,
      onRun: (run) =>
        note(run.isSkipped
          ? `run "${run.name}" (${run.id}): all ${run.dialogues} dialogues of ${run.folder} already stored`
          : `${run.isCreated ? "created" : "appended to"} run "${run.name}" (${run.id}): ${run.inserted} new, ${run.duplicates} already stored`),
    });
  } catch (error) {
    throw asCliError(error);
  }
  note("done");
}
