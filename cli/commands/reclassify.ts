import { enqueueReclassify } from "@/lib/server/rollouts/enqueue-reclassify";
import { reclassifyRun } from "@/lib/server/rollouts/reclassify-run";
import type { CliContext } from "../context";
import { CliError, note, progressPrinter } from "../output";

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
