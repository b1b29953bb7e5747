import fs from "node:fs";
import path from "node:path";
import type { BlobStore } from "./blob-store";

export type LocalFolder = { dir: string; release: () => Promise<void> };

/**
 * Puts the named blobs of folder `prefix` side by side in one local directory, as tools that take a
 * path need (onnxruntime opens model.onnx and finds model.onnx_data next to it). The local store
 * hands back its own folder; a remote one downloads into `cacheDir`, which `release` removes.
 */
export async function materialiseBlobFolder(
  store: BlobStore,
  prefix: string,
  names: string[],
  cacheDir: string,
): Promise<LocalFolder> {
  const copies: string[] = [];
  const release = async () => {
    if (copies.length > 0) await fs.promises.rm(path.dirname(copies[0]!), { recursive: true, force: true });
  };
  try {
    const files = [];
    for (const name of names) {
      const file = await store.toLocalFile(`${prefix}/${name}`, cacheDir);
      if (file.isCopy) copies.push(file.path);
      files.push(file.path);
    }
    const dirs = new Set(files.map((file) => path.dirname(file)));
    if (dirs.size > 1) throw new Error(`blobs of ${prefix} did not land in one folder`);
    return { dir: [...dirs][0] ?? path.join(cacheDir, ...prefix.split("/")), release };
  } catch (error) {
    await release();
    throw error;
  }
}
