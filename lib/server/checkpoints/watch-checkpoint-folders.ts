import fs from "node:fs/promises";
import path from "node:path";
import { verlMergeMessage } from "@/lib/domain/ingest/checkpoint-folders";
import { SAFETENSORS_INDEX } from "@/lib/domain/ingest/checkpoint-files";
import { planCheckpointFolder } from "@/lib/domain/ingest/plan-checkpoint-folder";
import { sleep } from "@/lib/utils/sleep";
import { AppError } from "../errors";
import { MAX_INDEX_BYTES } from "./assert-loadable-files";
import { findCheckpointFolders, listCheckpointFolder, type CheckpointFolder } from "./find-checkpoint-folders";
import type { RegisteredCheckpoint } from "./register-checkpoint";

export type WatchEvent =
  | { kind: "registered"; folder: CheckpointFolder; checkpoint: RegisteredCheckpoint }
  /** the run already has a checkpoint at this step (registered before, or uploaded) */
  | { kind: "exists"; folder: CheckpointFolder }
  /** verl wrote only FSDP shards: `message` has the merge command */
  | { kind: "unmerged"; folder: CheckpointFolder; message: string }
  /** stable but not loadable (a shard the index names is missing...), or refused on registration */
  | { kind: "incomplete"; folder: CheckpointFolder; message: string }
  | { kind: "error"; folder: CheckpointFolder; message: string };

export type ScanOptions = {
  /** the trainer's output folder, as the user gave it (messages show paths under it) */
  outputDir: string;
  /** steps the run already has a checkpoint at: never registered again, so a restart repeats nothing */
  existingSteps: Iterable<number>;
  register: (step: number, folder: string) => Promise<RegisteredCheckpoint>;
  onEvent: (event: WatchEvent) => void;
};

export type WatchOptions = ScanOptions & {
  intervalMs: number;
  signal: AbortSignal;
  /** scan twice, `intervalMs` apart, register what is complete, and return */
  isOnce?: boolean;
};

/**
 * Follows a trainer's output folder and registers each checkpoint once it is complete: its files make
 * a loadable checkpoint (every shard the index names is there) and their names, sizes and modification
 * times did not change between two scans `intervalMs` apart. The step comes from the folder's name. A
 * verl step folder with only FSDP shards gets one `unmerged` event, and is registered once merged.
 */
export async function watchCheckpointFolders(options: WatchOptions): Promise<void> {
  const scanner = createCheckpointFolderScanner(options);
  for (let scan = 1; !options.signal.aborted; scan++) {
    await scanner.scan(options.signal);
    if (options.isOnce && scan >= 2) return;
    await sleep(options.intervalMs, options.signal);
  }
}

/**
 * One scan at a time of a trainer's output folder (the loop of `watchCheckpointFolders`, or a caller's
 * own poll such as `follow verl --checkpoints`): a folder unchanged since the previous scan is complete.
 */
export function createCheckpointFolderScanner(options: ScanOptions): { scan(signal?: AbortSignal): Promise<void> } {
  const handled = new Set(options.existingSteps);
  const lastKey = new Map<number, string>();
  const reported = new Map<number, string>();
  const report = (event: Exclude<WatchEvent, { kind: "registered" | "exists" }>, key: string) => {
    if (reported.get(event.folder.step) === `${event.kind}:${key}`) return;
    reported.set(event.folder.step, `${event.kind}:${key}`);
    options.onEvent(event);
  };

  async function scan(signal?: AbortSignal): Promise<void> {
    for (const folder of await findCheckpointFolders(options.outputDir)) {
      if (handled.has(folder.step) || signal?.aborted) continue;
      const listing = await listCheckpointFolder(options.outputDir, folder);
      if (!listing) continue;
      const isStable = lastKey.get(folder.step) === listing.key;
      lastKey.set(folder.step, listing.key);
      if (!isStable) continue;
      const dir = path.join(options.outputDir, folder.name);
      const indexText = listing.names.includes(SAFETENSORS_INDEX) ? await readIndex(dir) : null;
      const plan = planCheckpointFolder(
        listing.names.map((name) => ({ name, size: 0 })),
        indexText,
      );
      if (plan.format === null && listing.hasFsdpShards) {
        report(
          { kind: "unmerged", folder, message: verlMergeMessage(path.join(options.outputDir, folder.actorName!)) },
          listing.key,
        );
      } else if (!plan.canUpload) {
        report(
          { kind: "incomplete", folder, message: `${plan.problems[0]?.path}: ${plan.problems[0]?.message}` },
          listing.key,
        );
      } else {
        await registerFolder(folder, dir, listing.key);
      }
    }
  }

  async function registerFolder(folder: CheckpointFolder, dir: string, key: string): Promise<void> {
    try {
      const checkpoint = await options.register(folder.step, path.resolve(dir));
      handled.add(folder.step);
      options.onEvent({ kind: "registered", folder, checkpoint });
    } catch (error) {
      if (error instanceof AppError && error.code === "CONFLICT") {
        handled.add(folder.step);
        options.onEvent({ kind: "exists", folder });
      } else if (error instanceof AppError) {
        report({ kind: "incomplete", folder, message: error.message }, key);
      } else {
        // Not the folder's fault (the database or the store is down): try again next scan.
        options.onEvent({ kind: "error", folder, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  return { scan };
}

async function readIndex(dir: string): Promise<string | null> {
  const stat = await fs.stat(path.join(dir, SAFETENSORS_INDEX)).catch(() => null);
  if (!stat || stat.size > MAX_INDEX_BYTES) return null;
  return fs.readFile(path.join(dir, SAFETENSORS_INDEX), "utf8").catch(() => null);
}
