import path from "node:path";
import type { CreateRun } from "@/lib/domain/ingest/schemas";
import { parseVerlDump, parseVerlDumpFileName } from "@/lib/domain/transcripts/parse-verl-dump";
import { parseVerlGenerationsFileName } from "@/lib/domain/transcripts/parse-verl-generations";
import { ensureRun, type CliContext } from "../context";
import { listFiles, readText } from "../files";
import { CliError, progressPrinter } from "../output";
import { ingestInBatches, validateRollout } from "./ingest-batches";
import type { CliCommand } from "../command";
import { RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";

/** Imports verl_step_records dumps (`*-step-N.json` train, `*-step-val-N.json` validation) into one run. */
export async function importVerl(ctx: CliContext, dir: string, run: CreateRun): Promise<void> {
  const files = listFiles(dir, (name) => parseVerlDumpFileName(name) !== null);
  if (files.length === 0) {
    const generations = listFiles(dir, (name) => parseVerlGenerationsFileName(name) !== null).length > 0;
    const hint = generations
      ? "; it holds <step>.jsonl generations dumps (trainer.rollout_data_dir): use spikewatch import verl-generations"
      : "";
    const names = "<name>-step-<N>.json or <name>-step-val-<N>.json";
    throw new CliError(`${dir}: no verl_step_records dumps (${names}) found${hint}`);
  }
  const runId = await ensureRun(ctx.db, run);
  const progress = progressPrinter("verl dumps", files.length);
  let inserted = 0;
  let duplicates = 0;

  for (const [i, file] of files.entries()) {
    let json: unknown;
    try {
      json = JSON.parse(readText(file));
    } catch {
      throw new CliError(`${file}: not valid JSON`);
    }
    const parsed = parseVerlDump(json, path.basename(file));
    if (!parsed.ok) throw new CliError(`${file}: ${parsed.issues[0]!.path}: ${parsed.issues[0]!.message}`);
    const rollouts = parsed.value.map((r, j) =>
      validateRollout(
        {
          step: r.step,
          sampleId: r.sampleId,
          split: r.split,
          messages: r.messages,
          reward: r.reward,
          offPolicy: r.isOffPolicy,
          meta: r.meta,
        },
        `${file} [${j}]`,
      ),
    );
    const result = await ingestInBatches(ctx.db, runId, rollouts, {
      source: `import:verl:${path.basename(file)}`,
      format: "verl_record",
    });
    inserted += result.inserted;
    duplicates += result.duplicates;
    progress(i + 1, `${inserted} rollouts new, ${duplicates} already stored`);
  }
}

export const importVerlCommand: CliCommand = {
  words: ["import", "verl"],
  arguments: "<dir>",
  positionals: { min: 1, max: 1 },
  summary: "verl-tool verl_step_records dumps: <name>-step-<N>.json (train) and <name>-step-val-<N>.json (val)",
  details: "Repeated prompt ids inside a file (a GRPO group) become id, id#1, id#2, ... so re-imports are no-ops.",
  options: { run: RUN_OPTION, ...RUN_LABEL_OPTIONS },
  examples: ["npx spikewatch import verl verl_step_records/exp1 --run grpo-seed1 --regime vanilla_rl --rl-lr 1e-6"],
  run: async ({ values, positionals }, openContext) =>
    importVerl(await openContext(), positionals[0]!, runFromFlags(values)),
};
