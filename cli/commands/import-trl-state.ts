import { parseTrainerState } from "@/lib/domain/ingest/parse-trainer-state";
import type { CreateRun } from "@/lib/domain/ingest/schemas";
import type { CliContext } from "../context";
import { listFiles, readText } from "../files";
import { CliError, note } from "../output";
import type { CliCommand } from "../command";
import { RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";
import { importMetricPoints, parseIssuesError } from "./import-metrics";

/** Imports the log_history of a transformers/TRL trainer_state.json (a file, or the one in a checkpoint folder). */
export async function importTrlState(ctx: CliContext, target: string, run: CreateRun): Promise<void> {
  const [path] = listFiles(target, (name) => name === "trainer_state.json").slice(-1);
  if (!path) throw new CliError(`${target}: no trainer_state.json below it`);
  const parsed = parseTrainerState(readText(path));
  if (!parsed.ok) throw parseIssuesError(path, parsed.issues);
  const { points, skipped } = parsed.value;
  note(
    `${path}: ${points.length} points from log_history${skipped > 0 ? `; skipped ${skipped} non-numeric values` : ""}`,
  );
  await importMetricPoints(ctx, run, points);
}

export const importTrlStateCommand: CliCommand = {
  words: ["import", "trl-state"],
  arguments: "<trainer_state.json|checkpoint-dir>",
  positionals: { min: 1, max: 1 },
  summary: "the log_history of a transformers/TRL trainer_state.json (loss, reward, kl, ... per logged step)",
  details:
    "Every log_history entry becomes points at its step; NaN values are kept. Given a folder, reads the last " +
    "trainer_state.json below it (checkpoint-<N>/ folders sort by N). TRL's `reward` is the run's task score when it " +
    "logs no critic/score/mean.",
  options: { run: RUN_OPTION, ...RUN_LABEL_OPTIONS },
  examples: [
    "npx spikewatch import trl-state output/checkpoint-500/trainer_state.json --run trl-grpo --regime vanilla_rl",
  ],
  run: async ({ values, positionals }, openContext) =>
    importTrlState(await openContext(), positionals[0]!, runFromFlags(values)),
};
