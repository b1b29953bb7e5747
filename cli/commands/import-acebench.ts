import path from "node:path";
import { acebenchRunLabels } from "@/lib/domain/ingest/acebench-configurations";
import type { CreateRun, EvalKind, RolloutInput } from "@/lib/domain/ingest/schemas";
import { parseAcebenchTable } from "@/lib/domain/transcripts/parse-acebench-table";
import { ensureRun, type CliContext } from "../context";
import { listFiles, readText } from "../files";
import { CliError, note, progressPrinter } from "../output";
import { ingestInBatches, validateRollout } from "./ingest-batches";

export type ImportAcebenchOptions = { run?: string; labels: Omit<CreateRun, "name">; step: number; evalKind: EvalKind };

/**
 * Imports folders of ACEBench dialogue tables, one eval rollout per dialogue. Each folder becomes a
 * run (named --run, or after the folder when several folders are given); the paper's configuration
 * folders get their model and regime filled in.
 */
export async function importAcebench(ctx: CliContext, dirs: string[], options: ImportAcebenchOptions): Promise<void> {
  if (dirs.length > 1 && options.run) throw new CliError("--run names one run: give one folder, or omit --run to name runs after folders");
  for (const dir of dirs) {
    const folder = path.basename(path.resolve(dir));
    const files = listFiles(dir, (name) => name.endsWith(".txt"));
    if (files.length === 0) throw new CliError(`${dir}: no .txt dialogue tables found`);
    const runId = await ensureRun(ctx.db, { name: options.run ?? folder, ...acebenchRunLabels(folder), ...options.labels });

    const rollouts: RolloutInput[] = files.map((file) => {
      const parsed = parseAcebenchTable(readText(file));
      if (!parsed.ok) throw new CliError(`${file}: ${parsed.issues[0]!.path}: ${parsed.issues[0]!.message}`);
      const sampleId = path.relative(dir, file).replace(/\.txt$/, "");
      return validateRollout(
        { step: options.step, sampleId, split: "eval", evalKind: options.evalKind, messages: parsed.value.messages, meta: { file: path.basename(file) } },
        file,
      );
    });
    const progress = progressPrinter(folder, rollouts.length);
    const result = await ingestInBatches(ctx.db, runId, rollouts, { source: `import:acebench:${folder}`, format: "acebench_table" });
    progress(rollouts.length, `${result.inserted} new, ${result.duplicates} already stored`);
  }
  note("done");
}
