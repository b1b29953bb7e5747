import fs from "node:fs/promises";
import path from "node:path";
import { FSDP_SHARD_FILE } from "@/lib/domain/ingest/checkpoint-files";
import { stepOfCheckpointFolder, VERL_HF_SUBPATH } from "@/lib/domain/ingest/checkpoint-folders";

/** A checkpoint folder a trainer wrote: `name` is its path under the output folder (for messages too). */
export type CheckpointFolder = { step: number; name: string; actorName: string | null };

/**
 * The checkpoint folders directly under a trainer's output folder, by step: transformers/TRL
 * `checkpoint-<N>/` and verl `global_step_<N>/actor/huggingface/` (`actorName`: its `actor/` folder,
 * where unmerged FSDP shards sit). A folder that is not there yet is listed all the same.
 */
export async function findCheckpointFolders(outputDir: string): Promise<CheckpointFolder[]> {
  const entries = await fs.readdir(outputDir, { withFileTypes: true });
  const folders = entries.flatMap((entry): CheckpointFolder[] => {
    const step = entry.isDirectory() ? stepOfCheckpointFolder(entry.name) : null;
    if (step === null) return [];
    if (!entry.name.startsWith("global_step_")) return [{ step, name: entry.name, actorName: null }];
    return [
      { step, name: path.join(entry.name, ...VERL_HF_SUBPATH), actorName: path.join(entry.name, VERL_HF_SUBPATH[0]) },
    ];
  });
  return folders.sort((a, b) => a.step - b.step);
}

export type FolderListing = { names: string[]; hasFsdpShards: boolean; key: string };

/**
 * The folder's files with their sizes and modification times (`key`: equal keys on two scans mean
 * the trainer stopped writing), and whether a verl `actor/` folder holds FSDP shards. Null while the
 * folder does not exist.
 */
export async function listCheckpointFolder(outputDir: string, folder: CheckpointFolder): Promise<FolderListing | null> {
  const files = await statFiles(path.join(outputDir, folder.name));
  if (!files) return null;
  const actorFiles = folder.actorName ? ((await statFiles(path.join(outputDir, folder.actorName))) ?? []) : [];
  return {
    names: files.map((f) => f.name),
    hasFsdpShards: actorFiles.some((f) => FSDP_SHARD_FILE.test(f.name)),
    key: JSON.stringify([files, actorFiles]),
  };
}

async function statFiles(dir: string): Promise<{ name: string; size: number; mtimeMs: number }[] | null> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => null);
  if (!entries) return null;
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map(async (entry) => {
        const stat = await fs.stat(path.join(dir, entry.name)).catch(() => null);
        return stat?.isFile() ? [{ name: entry.name, size: stat.size, mtimeMs: stat.mtimeMs }] : [];
      }),
  );
  return files.flat().sort((a, b) => (a.name < b.name ? -1 : 1));
}
