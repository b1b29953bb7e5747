import fs from "node:fs";
import { parseMetricsFile } from "@/lib/domain/ingest/parse-metrics-file";
import { MAX_METRIC_POINTS_PER_BATCH, type CreateRun, type MetricPointInput } from "@/lib/domain/ingest/schemas";
import type { ParseIssue } from "@/lib/domain/transcripts/message";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { ensureRun, type CliContext } from "../context";
import { readText } from "../files";
import { CliError, note, progressPrinter } from "../output";
import type { CliCommand } from "../command";
import { RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";

/** A file's parse issues as the CLI reports them: one line each, naming the file. */
export function parseIssuesError(file: string, issues: readonly ParseIssue[]): CliError {
  return new CliError(issues.map((i) => `${file}: ${i.path}: ${i.message}`).join("\n"));
}

/**
 * Stores parsed metric points in a run through the same function as POST /api/runs/:id/metrics, in
 * batches of the API's maximum; reports new points, duplicates and collisions (same step, other value).
 */
export async function importMetricPoints(
  ctx: CliContext,
  run: CreateRun,
  points: readonly MetricPointInput[],
): Promise<void> {
  const runId = await ensureRun(ctx.db, run);
  const progress = progressPrinter("metric points", points.length);
  let [inserted, duplicates, collisions] = [0, 0, 0];
  for (let i = 0; i < points.length; i += MAX_METRIC_POINTS_PER_BATCH) {
    const result = await ingestMetrics(ctx.db, runId, points.slice(i, i + MAX_METRIC_POINTS_PER_BATCH));
    [inserted, duplicates, collisions] = [
      inserted + result.inserted,
      duplicates + result.duplicates,
      collisions + result.collisions,
    ];
    progress(Math.min(points.length, i + MAX_METRIC_POINTS_PER_BATCH), `${inserted} new, ${duplicates} already stored`);
  }
  if (collisions > 0)
    note(`${collisions} points not stored: their step already holds a different value (the first value written wins)`);
}

/** Imports a metric history (CSV or JSON lines, long or wide) into a run. */
export async function importMetrics(ctx: CliContext, file: string, run: CreateRun, stepColumn?: string): Promise<void> {
  const kind = /\.jsonl?$/i.test(file) ? "jsonl" : /\.csv$/i.test(file) ? "csv" : null;
  if (!kind) throw new CliError(`${file}: expected a .csv, .jsonl or .json (JSON lines) file`);
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
  const parsed = parseMetricsFile(readText(file), kind, { stepColumn });
  if (!parsed.ok) throw parseIssuesError(file, parsed.issues);
  const { points, skipped } = parsed.value;
  note(
    `${file}: ${points.length} points keyed by "${parsed.value.stepColumn}"${skipped > 0 ? `; skipped ${skipped} empty or non-numeric cells` : ""}`,
  );
  await importMetricPoints(ctx, run, points);
}

export const importMetricsCommand: CliCommand = {
  words: ["import", "metrics"],
  arguments: "<file.csv|file.jsonl>",
  positionals: { min: 1, max: 1 },
  summary: "a metric history: long (step,key,value) or wide CSV (W&B export), or JSON lines",
  details:
    "The step column is the first of train/global_step, step, global_step, Step, _step that the file has " +
    "(a W&B export of a TRL run counts log calls in _step); --step-column names another. NaN and inf are kept; " +
    "empty and non-numeric cells are skipped and counted.",
  options: {
    run: RUN_OPTION,
    "step-column": { type: "string", value: "NAME", description: "column (or JSON field) holding the training step" },
    ...RUN_LABEL_OPTIONS,
  },
  examples: [
    "npx spikewatch import metrics wandb_export.csv --run grpo-seed1 --regime vanilla_rl",
    "npx spikewatch import metrics trl_history.csv --run trl-grpo --step-column train/global_step",
  ],
  run: async ({ values, positionals }, openContext) =>
    importMetrics(
      await openContext(),
      positionals[0]!,
      runFromFlags(values),
      typeof values["step-column"] === "string" ? values["step-column"] : undefined,
    ),
};
