import { enqueueReclassify } from "@/lib/server/rollouts/enqueue-reclassify";
import { reclassifyRun } from "@/lib/server/rollouts/reclassify-run";
import type { CliContext } from "../context";
import { CliError, note, progressPrinter } from "../output";
import type { CliCommand } from "../command";
import { RUN_OPTION } from "../run-flags";

/** Re-runs the classifier over a run: queued for the worker, or right here with --inline. */
export async function reclassify(ctx: CliContext, runName: string, { isInline }: { isInline: boolean }): Promise<void> {
  const run = await ctx.db.run.findUnique({ where: { name: runName }, select: { id: true } });
  if (!run) throw new CliError(`no run named "${runName}"`);
  if (!isInline) {
    const { jobId } = await enqueueReclassify(ctx.db, run.id);
    note(`queued job ${jobId}; follow it at GET /api/jobs/${jobId}`);
    return;
  }
  const progress = progressPrinter("reclassify", 100);
  const { rollouts } = await reclassifyRun(ctx.db, run.id, { onProgress: (f) => progress(Math.round(f * 100)) });
  note(`reclassified ${rollouts} rollouts`);
}

export const reclassifyCommand: CliCommand = {
  words: ["reclassify"],
  arguments: "",
  positionals: { min: 0, max: 0 },
  summary: "classify a run's stored rollouts again (queued for the worker, or here with --inline)",
  options: {
    run: { ...RUN_OPTION, description: "name of the run to reclassify" },
    inline: { type: "boolean", description: "run it in this process instead of queueing a job" },
  },
  examples: ["npx spikewatch reclassify --run grpo-seed1 --inline"],
  run: async ({ values }, openContext) =>
    reclassify(await openContext(), String(values.run), { isInline: values.inline === true }),
};
