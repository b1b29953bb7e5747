import path from "node:path";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { getConfig } from "@/lib/server/context";
import type { Db } from "@/lib/server/db";
import { materialiseCheckpoint } from "@/lib/server/checkpoints/materialise-checkpoint";
import { setCheckpointStatus } from "@/lib/server/checkpoints/set-checkpoint-status";
import { ensureDefaultProbes } from "@/lib/server/probes/ensure-default-probes";
import { raiseSpikeAlerts } from "@/lib/server/traces/raise-spike-alerts";
import { saveTrace } from "@/lib/server/traces/save-trace";
import { loadCheckpoint } from "../inference/load-checkpoint";
import type { DevicePreference } from "../inference/session";
import type { CheckpointTokenizer } from "../inference/tokenizer";
import { replayProbe, type TrackedToken } from "./replay-probe";
import { trackedTokensOf } from "./tracked-tokens";

export type ReplaySettings = { dataDir: string; device: DevicePreference };
type ReplayContext = {
  db: Db;
  signal: AbortSignal;
  reportProgress: (fraction: number) => Promise<void>;
  replay: ReplaySettings;
};

/**
 * Replays one uploaded checkpoint over its run's probes: loads tokenizer and model (onnxruntime, in
 * worker/inference), checks they fit together, scores every probe not traced yet, then runs the
 * spike rule across the run's checkpoints. Any failure is written on the checkpoint in words a user
 * can act on, and rethrown so the job records it too.
 */
export async function replayCheckpoint(checkpointId: string, ctx: ReplayContext): Promise<void> {
  const checkpoint = await ctx.db.checkpoint.findUnique({
    where: { id: checkpointId },
    select: { runId: true, source: true, dir: true, files: true, status: true, run: { select: { config: true } } },
  });
  if (!checkpoint) return;
  // A worker killed between "scored" and the spike rule leaves the alerts to its retry (the rule is idempotent).
  if (checkpoint.status !== "scored") {
    await setCheckpointStatus(ctx.db, checkpointId, { status: "scoring", error: null });
    try {
      const device = await scoreProbes(checkpointId, checkpoint, ctx);
      await setCheckpointStatus(ctx.db, checkpointId, { status: "scored", device });
    } catch (error) {
      // Aborted: the lease went to another worker (or this one is stopping); its status is theirs to write.
      if (!ctx.signal.aborted) {
        const message = error instanceof Error ? error.message : String(error);
        await setCheckpointStatus(ctx.db, checkpointId, { status: "failed", error: message });
      }
      throw error;
    }
  }
  await raiseSpikeAlerts(ctx.db, checkpoint.runId);
}

type CheckpointRow = { runId: string; source: string; dir: string; files: string; run: { config: string } };

async function scoreProbes(checkpointId: string, checkpoint: CheckpointRow, ctx: ReplayContext): Promise<string> {
  // Blob settings and checkpoint roots come from the environment, like the web app's that stored the files.
  const settings = { ...getConfig(), dataDir: ctx.replay.dataDir };
  const local = await materialiseCheckpoint(settings, checkpoint, path.join(ctx.replay.dataDir, "cache"));
  // A demo model replays on one thread, leaving the other cores to the web app a new user is clicking through.
  const threads = checkpoint.source === "demo" ? 1 : undefined;
  const { model, tokenizer } = await permanent(() =>
    loadCheckpoint(local.dir, { device: ctx.replay.device, threads }),
  ).finally(() => local.release());
  try {
    const tracked = await permanent(() =>
      trackedTokens(tokenizer, JSON.parse(checkpoint.run.config) as Record<string, unknown>),
    );
    const probes = await ensureDefaultProbes(ctx.db, checkpoint.runId);
    const done = new Set(
      (await ctx.db.trace.findMany({ where: { checkpointId }, select: { probeId: true } })).map((t) => t.probeId),
    );
    await setCheckpointStatus(ctx.db, checkpointId, {
      status: "scoring",
      device: model.device,
      probesTotal: probes.length,
    });
    for (const [i, probe] of probes.entries()) {
      ctx.signal.throwIfAborted();
      if (done.has(probe.id)) continue;
      await saveTrace(ctx.db, checkpointId, probe.id, await replayProbe(model, tokenizer, probe, tracked));
      await ctx.reportProgress((i + 1) / probes.length);
    }
    return model.device;
  } finally {
    await model.close();
  }
}

function trackedTokens(tokenizer: CheckpointTokenizer, runConfig: Record<string, unknown>): TrackedToken[] {
  return trackedTokensOf(runConfig).map((text) => {
    try {
      return { id: tokenizer.tokenId(text), text };
    } catch {
      throw new Error(
        `tracked token '${text}' is not a single token of this tokenizer; change the run's config.trackedTokens`,
      );
    }
  });
}

/** Problems with the uploaded files themselves: retrying the job cannot fix them. */
async function permanent<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new PermanentJobError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
