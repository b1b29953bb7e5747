import path from "node:path";
import type { Config } from "@/lib/server/config";
import type { Db } from "@/lib/server/db";
import { registerCheckpoint } from "@/lib/server/checkpoints/register-checkpoint";
import { createCheckpointFolderScanner, type WatchEvent } from "@/lib/server/checkpoints/watch-checkpoint-folders";
import { sleep } from "@/lib/utils/sleep";
import type { FollowSource } from "./follow-source";

export type CheckpointFolderSourceOptions = {
  db: Db;
  config: Config;
  runId: string;
  /** trainer.default_local_dir: global_step_<N>/actor/huggingface (or checkpoint-<N>) folders appear below it */
  dir: string;
  /** one poll only (--once): scan twice this far apart, since a folder counts as complete when unchanged */
  onceSettleMs: number | null;
  onEvent: (event: WatchEvent) => void;
};

/**
 * `follow verl --checkpoints`: the checkpoint watcher's scanner, one scan per poll of the follow loop.
 * Each checkpoint is registered in place (under SPIKEWATCH_CHECKPOINT_ROOTS) once complete; steps the
 * run already has are never registered again, so a restarted follower repeats nothing.
 */
export function checkpointFolderSource(options: CheckpointFolderSourceOptions): FollowSource {
  let scanner: ReturnType<typeof createCheckpointFolderScanner> | undefined;
  const counts = { registered: 0, waiting: 0 };
  let lastStep: number | undefined;

  async function scannerFor() {
    if (scanner) return scanner;
    const existing = await options.db.checkpoint.findMany({ where: { runId: options.runId }, select: { step: true } });
    scanner = createCheckpointFolderScanner({
      outputDir: options.dir,
      existingSteps: existing.map((c) => c.step),
      register: (step, folder) =>
        registerCheckpoint(options.db, options.config, options.runId, { step, path: path.resolve(folder) }),
      onEvent: (event) => {
        if (event.kind === "registered") {
          counts.registered++;
          lastStep = Math.max(lastStep ?? event.folder.step, event.folder.step);
        }
        options.onEvent(event);
      },
    });
    return scanner;
  }

  return {
    async poll() {
      const current = await scannerFor();
      await current.scan();
      if (options.onceSettleMs !== null) {
        await sleep(options.onceSettleMs, new AbortController().signal);
        await current.scan();
      }
    },
    status() {
      const parts = [`checkpoints ${counts.registered} registered`];
      if (lastStep !== undefined) parts.push(`last step ${lastStep}`);
      return parts.join(", ");
    },
  };
}
