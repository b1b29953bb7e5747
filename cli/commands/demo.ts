import { loadDemo } from "@/lib/server/demo/load-demo";
import { removeDemo } from "@/lib/server/demo/remove-demo";
import { AppError } from "@/lib/server/errors";
import type { CliContext } from "../context";
import { CliError, note } from "../output";
import type { CliCommand } from "../command";

/** `demo load`: the simulated demo runs, labelled demo; a second load changes nothing. */
export async function loadDemoData(ctx: CliContext): Promise<void> {
  const started = performance.now();
  try {
    const runs = await loadDemo(ctx.db, {
      onRun: (run) =>
        note(
          run.isSkipped
            ? `demo run "${run.name}" is already loaded`
            : `loaded demo run "${run.name}": ${run.rollouts} rollouts, ${run.metricPoints} metric points`,
        ),
      checkpointStore: ctx.config,
      onCheckpoints: (checkpoints) =>
        note(
          `demo checkpoints: ${checkpoints.length} stored now, replayed by a running worker (npm start or npm run worker)`,
        ),
    });
    const loaded = runs.filter((run) => !run.isSkipped).length;
    note(
      `demo data: ${runs.length} simulated runs labelled "demo" (${loaded} loaded now) in ${seconds(started)} s; remove it with: npx spikewatch demo remove`,
    );
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message);
    throw error;
  }
}

/** `demo remove`: deletes every demo run, its rows and its checkpoint files; real runs are never touched. */
export async function removeDemoData(ctx: CliContext): Promise<void> {
  const started = performance.now();
  const { runs, names, checkpoints } = await removeDemo(ctx.db, ctx.config);
  note(
    runs === 0
      ? "no demo runs to remove"
      : `removed ${runs} demo runs (${names.join(", ")}) and ${checkpoints} checkpoints with their files in ${seconds(started)} s`,
  );
}

function seconds(startedMs: number): string {
  return ((performance.now() - startedMs) / 1000).toFixed(1);
}

export const demoLoadCommand: CliCommand = {
  words: ["demo", "load"],
  arguments: "",
  positionals: { min: 0, max: 0 },
  summary: "load the simulated demo runs and their demo checkpoints (labelled demo); a no-op when loaded",
  options: {},
  examples: ["npx spikewatch demo load"],
  run: async (_args, openContext) => loadDemoData(await openContext()),
};

export const demoRemoveCommand: CliCommand = {
  words: ["demo", "remove"],
  arguments: "",
  positionals: { min: 0, max: 0 },
  summary: "delete every demo run and its checkpoint files; real runs are never touched",
  options: {},
  examples: ["npx spikewatch demo remove"],
  run: async (_args, openContext) => removeDemoData(await openContext()),
};
