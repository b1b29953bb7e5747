import fs from "node:fs/promises";
import path from "node:path";
import {
  parseSafetensorsHeader,
  readHeaderLength,
  type TensorEntry,
} from "@/lib/domain/checkpoints/safetensors-header";
import { parseShardIndex, SHARD_INDEX_FILE, SINGLE_WEIGHTS_FILE } from "@/lib/domain/checkpoints/shard-index";

/** A tensor inside one of the checkpoint's safetensors files (`file`: a name in the folder). */
export type StoredTensor = TensorEntry & { file: string };

async function readJsonFile(file: string): Promise<unknown> {
  const text = await fs.readFile(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${path.basename(file)} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Reads only the header of one safetensors file: 8 bytes, then at most MAX_HEADER_BYTES. */
async function readHeader(dir: string, file: string): Promise<Map<string, TensorEntry>> {
  const handle = await fs.open(path.join(dir, file), "r").catch((error: unknown) => {
    throw new Error(`checkpoint has no ${file} (${error instanceof Error ? error.message : String(error)})`);
  });
  try {
    const { size } = await handle.stat();
    const prefix = new Uint8Array(8);
    await handle.read(prefix, 0, 8, 0);
    const length = readHeaderLength(prefix, size, file);
    const header = new Uint8Array(length);
    await handle.read(header, 0, length, 8);
    return parseSafetensorsHeader(header, size, file).tensors;
  } finally {
    await handle.close();
  }
}

/** Whether a folder holds weights as transformers saves them (one file or an index of shards). */
export async function hasSafetensors(dir: string): Promise<boolean> {
  const exists = (file: string) =>
    fs.access(path.join(dir, file)).then(
      () => true,
      () => false,
    );
  return (await exists(SINGLE_WEIGHTS_FILE)) || (await exists(SHARD_INDEX_FILE));
}

/**
 * Every tensor of a checkpoint folder's safetensors, validated (safetensors-header.ts): from
 * model.safetensors.index.json's shards when present, else model.safetensors. A tensor the index
 * places in a shard must be in that shard's header.
 */
export async function readSafetensors(dir: string): Promise<Map<string, StoredTensor>> {
  const indexPath = path.join(dir, SHARD_INDEX_FILE);
  const isSharded = await fs.access(indexPath).then(
    () => true,
    () => false,
  );
  const placement = isSharded ? parseShardIndex(await readJsonFile(indexPath)) : null;
  const files = placement ? [...new Set(placement.values())] : [SINGLE_WEIGHTS_FILE];
  const tensors = new Map<string, StoredTensor>();
  for (const file of files) {
    for (const [name, entry] of await readHeader(dir, file)) {
      if (placement && placement.get(name) !== file) continue;
      tensors.set(name, { ...entry, file });
    }
  }
  for (const [name, file] of placement ?? []) {
    if (!tensors.has(name))
      throw new Error(`${SHARD_INDEX_FILE} places tensor ${name} in ${file}, whose header does not hold it`);
  }
  return tensors;
}
