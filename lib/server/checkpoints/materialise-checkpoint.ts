import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { StoredFile } from "@/lib/domain/ingest/checkpoint-files";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { openBlobStore } from "../blobs/open-blob-store";
import { materialiseBlobFolder, type LocalFolder } from "../blobs/materialise-blob-folder";
import type { Config } from "../config";
import { AppError } from "../errors";
import { hashStream } from "./hashing-stream";
import { openRegisteredFolder } from "./open-registered-folder";

export type StoredCheckpoint = { source: string; dir: string; files: string };
type Settings = Pick<Config, "dataDir" | "blobs" | "checkpointRoots">;
type FileAccess = { sizeOf: (name: string) => Promise<number>; open: (name: string) => Promise<Readable> };

/**
 * Puts a checkpoint's files (the row's JSON list, nothing else) in one local folder for the worker to
 * load. Uploads (and demo checkpoints) come from the blob store as before. A registered folder is checked again against
 * SPIKEWATCH_CHECKPOINT_ROOTS and every file against the size and sha256 recorded at registration
 * (all sizes first, as they are cheap), then linked into a folder under `cacheDir` (no copy); an S3
 * prefix is downloaded there and the copies are checked. A file that changed, vanished or left the
 * roots fails the replay for good (PermanentJobError) naming the file. Release the folder once loaded.
 */
export async function materialiseCheckpoint(
  settings: Settings,
  checkpoint: StoredCheckpoint,
  cacheDir: string,
): Promise<LocalFolder> {
  const files = JSON.parse(checkpoint.files) as StoredFile[];
  const names = files.map((file) => file.name);
  if (checkpoint.source === "upload" || checkpoint.source === "demo")
    return materialiseBlobFolder(openBlobStore(settings), checkpoint.dir, names, cacheDir);
  const folder = await permanent(() => openRegisteredFolder(settings, checkpoint.dir, "the registered folder"));
  if (folder.source === "path") {
    const { resolve, open } = folder.reader;
    await permanent(() =>
      verifyFiles(files, { sizeOf: async (name) => (await fs.stat(await resolve(name))).size, open }),
    );
    return linkFiles(names, resolve, cacheDir);
  }
  // Its own folder: the download lands under the prefix's full key path, all of which release removes.
  const downloads = path.join(cacheDir, `registered-${randomUUID()}`);
  const release = () => fs.rm(downloads, { recursive: true, force: true });
  try {
    const { dir } = await materialiseBlobFolder(folder.store, folder.prefix, names, downloads);
    await verifyFiles(files, {
      sizeOf: async (name) => (await fs.stat(path.join(dir, name))).size,
      open: async (name) => createReadStream(path.join(dir, name)),
    });
    return { dir, release };
  } catch (error) {
    await release();
    throw error;
  }
}

async function verifyFiles(files: readonly StoredFile[], access: FileAccess): Promise<void> {
  for (const file of files) {
    const bytes = await access.sizeOf(file.name);
    if (bytes !== file.bytes) throw changed(file.name, `${file.bytes} bytes then, ${bytes} now`);
  }
  for (const file of files) {
    if ((await hashStream(await access.open(file.name))).sha256 !== file.sha256)
      throw changed(file.name, "same size, different sha256");
  }
}

function changed(name: string, how: string): PermanentJobError {
  return new PermanentJobError(
    `${name} changed since the checkpoint was registered (${how}): register the folder again as a new checkpoint`,
  );
}

// A folder holding exactly the registered files, as links to their checked real paths.
async function linkFiles(
  names: readonly string[],
  resolve: (name: string) => Promise<string>,
  cacheDir: string,
): Promise<LocalFolder> {
  const dir = path.join(cacheDir, `registered-${randomUUID()}`);
  const release = () => fs.rm(dir, { recursive: true, force: true });
  try {
    await fs.mkdir(dir, { recursive: true });
    for (const name of names) await fs.symlink(await resolve(name), path.join(dir, name));
    return { dir, release };
  } catch (error) {
    await release();
    throw error;
  }
}

// A registered folder that is gone or outside the roots stays so: retrying cannot fix it.
async function permanent<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new PermanentJobError(`registered checkpoint: ${error.message}`, { cause: error });
  }
}
