import { parseMetricsFile } from "@/lib/domain/ingest/parse-metrics-file";
import { MAX_METRIC_POINTS_PER_BATCH, type CreateRun } from "@/lib/domain/ingest/schemas";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { ensureRun, type CliContext } from "../context";
import { readText } from "../files";
import { CliError, note, progressPrinter } from "../output";
import type { CliCommand } from "../command";
import { RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";

/** Imports a metric history (CSV or JSON lines, long or wide) into a run. */
export async function importMetrics(ctx: CliContext, file: string, run: CreateRun): Promise<void> {
  const kind = /\.jsonl?$/i.test(file) ? "jsonl" : /\.csv$/i.test(file) ? "csv" : null;
  if (!kind) throw new CliError(`${file}: expected a .csv, .jsonl or .json (JSON lines) file`);
  const parsed = parseMetricsFile(readText(file), kind);
  if (!parsed.ok) throw new CliError(parsed.issues.map((i) => `${file}: ${i.path}: ${i.message}`).join("\n"));
  const { points, skipped } = parsed.value;
  if (skipped > 0) note(`skipped ${skipped} empty or non-numeric cells`);

  const runId = await ensureRun(ctx.db, run);
  const progress = progressPrinter("metric points", points.length);
  let inserted = 0;
  for (let i = 0; i < points.length; i += MAX_METRIC_POINTS_PER_BATCH) {
    inserted += (await ingestMetrics(ctx.db, runId, points.slice(i, i + MAX_METRIC_POINTS_PER_BATCH))).inserted;
    progress(Math.min(points.length, i + MAX_METRIC_POINTS_PER_BATCH), `${inserted} new`);
  }
}

export const importMetricsCommand: CliCommand = {
  words: ["import", "metrics"],
  arguments: "<file.csv|file.jsonl>",
  positionals: { min: 1, max: 1 },
  summary: "a metric history: long (step,key,value) or wide CSV (W&B export), or JSON lines",
  details: "Empty and non-numeric cells are skipped and counted.",
  options: { run: RUN_OPTION, ...RUN_LABEL_OPTIONS },
  examples: ["npx spikewatch import metrics wandb_export.csv --run grpo-seed1 --regime vanilla_rl"],
  run: async ({ values, positionals }, openContext) => importMetrics(await openContext(), positionals[0]!, runFromFlags(values)),
};
