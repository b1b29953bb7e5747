import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { assertSafeKey, assertSafePrefix, BlobNotFoundError, type BlobStore } from "./blob-store";

/** Blobs as files under `root` (the data directory): the default, and what Spikewatch always did. */
export function createLocalBlobStore(root: string): BlobStore {
  const base = path.resolve(root);
  const fileOf = (key: string) => {
    assertSafeKey(key);
    const file = path.resolve(base, key);
    // Belt and braces after the key check: the file must sit inside the root.
    if (!file.startsWith(base + path.sep)) throw new Error(`blob key '${key}' leaves ${base}`);
    return file;
  };

  return {
    location: base,
    async put(key, body) {
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.partial-${randomUUID()}`;
      try {
        await pipeline(body, fs.createWriteStream(partial));
        await fs.promises.rename(partial, file);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        await removeEmptyParents(path.dirname(file), base);
        throw error;
      }
    },
    async copy(from, to) {
      const source = fileOf(from);
      const target = fileOf(to);
      if (!(await isFile(source))) throw new BlobNotFoundError(from, base);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.partial-${randomUUID()}`;
      try {
        await fs.promises.link(source, partial).catch(async (error: NodeJS.ErrnoException) => {
          // A file system without hard links (some network and FAT mounts) gets a plain copy.
          if (!LINKLESS_CODES.has(error.code ?? "")) throw error;
          await fs.promises.copyFile(source, partial);
        });
        await fs.promises.rename(partial, target);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        await removeEmptyParents(path.dirname(target), base);
        throw error;
      }
    },
    async get(key) {
      const file = fileOf(key);
      if (!(await isFile(file))) throw new BlobNotFoundError(key, base);
      return fs.createReadStream(file);
    },
    async toLocalFile(key) {
      const file = fileOf(key);
      if (!(await isFile(file))) throw new BlobNotFoundError(key, base);
      return { path: file, isCopy: false };
    },
    async list(prefix) {
      assertSafePrefix(prefix);
      const dir = path.join(base, prefix.slice(0, prefix.lastIndexOf("/") + 1));
      const keys = (await walk(dir)).map((file) => path.relative(base, file).split(path.sep).join("/"));
      return keys.filter((key) => key.startsWith(prefix) && !/\.partial-[0-9a-f-]+$/.test(key)).sort();
    },
    async delete(key) {
      const file = fileOf(key);
      await fs.promises.rm(file, { force: true });
      await removeEmptyParents(path.dirname(file), base);
    },
    exists: (key) => isFile(fileOf(key)),
  };
}

const LINKLESS_CODES = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "EMLINK"]);

async function isFile(file: string): Promise<boolean> {
  return fs.promises.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat();
}

// Keeps the tree tidy the way S3 is: a folder exists only while it holds a blob.
async function removeEmptyParents(dir: string, base: string): Promise<void> {
  for (let current = dir; current.startsWith(base + path.sep); current = path.dirname(current)) {
    if ((await fs.promises.readdir(current).catch(() => ["?"])).length > 0) return;
    await fs.promises.rmdir(current).catch(() => {});
  }
}
