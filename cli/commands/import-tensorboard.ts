import fs from "node:fs";
import { parseTensorboardEvents } from "@/lib/domain/ingest/parse-tensorboard-events";
import type { CreateRun, MetricPointInput } from "@/lib/domain/ingest/schemas";
import type { CliContext } from "../context";
import { listFiles } from "../files";
import { CliError, note } from "../output";
import type { CliCommand } from "../command";
import { RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";
import { importMetricPoints, parseIssuesError } from "./import-metrics";

/** Imports the scalars of every `events.out.tfevents.*` file below a log directory into one run. */
export async function importTensorboard(ctx: CliContext, logdir: string, run: CreateRun): Promise<void> {
  const files = listFiles(logdir, (name) => name.startsWith("events.out.tfevents."));
  if (files.length === 0) throw new CliError(`${logdir}: no events.out.tfevents.* files below it`);
  const points: MetricPointInput[] = [];
  let skipped = 0;
  for (const file of files) {
    const parsed = parseTensorboardEvents(fs.readFileSync(file));
    if (!parsed.ok) throw parseIssuesError(file, parsed.issues);
    for (const point of parsed.value.points) points.push(point);
    skipped += parsed.value.skipped;
  }
  note(
    `${files.length} event file(s): ${points.length} scalar points${skipped > 0 ? `; skipped ${skipped} non-scalar summaries (text, images, histograms)` : ""}`,
  );
  if (points.length === 0) throw new CliError(`${logdir}: the event files hold no scalar summaries`);
  await importMetricPoints(ctx, run, points);
}

export const importTensorboardCommand: CliCommand = {
  words: ["import", "tensorboard"],
  arguments: "<logdir>",
  positionals: { min: 1, max: 1 },
  summary: "TensorBoard scalars: every events.out.tfevents.* file below a log directory (verl, TRL, any SummaryWriter)",
  details:
    "Tags become metric keys (TRL's are prefixed train/ or eval/). Records are checked against their CRC-32C; a " +
    "corrupted or truncated file fails naming the file and byte offset, and nothing is stored. NaN is kept; text, " +
    "image and histogram summaries are skipped. Files are read in name order; a tag logged twice at one step keeps the first.",
  options: { run: RUN_OPTION, ...RUN_LABEL_OPTIONS },
  examples: [
    "npx spikewatch import tensorboard tensorboard_log/my_project/grpo_seed1 --run grpo-seed1 --regime vanilla_rl",
    "npx spikewatch import tensorboard output/runs --run trl-grpo",
  ],
  run: async ({ values, positionals }, openContext) =>
    importTensorboard(await openContext(), positionals[0]!, runFromFlags(values)),
};
