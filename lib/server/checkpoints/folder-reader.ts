import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { BlobStore } from "../blobs/blob-store";
import { AppError } from "../errors";
import { isInsideDir, outsideRoots } from "./checkpoint-roots";

/** The files directly in one checkpoint folder, wherever it is: a local folder or a blob prefix. */
export type FolderReader = {
  /** names of the files in the folder (not in subfolders) */
  list(): Promise<string[]>;
  /** one file's bytes */
  open(name: string): Promise<Readable>;
};

/** A local folder (a real path) whose files may only be read where their real paths lie under `realRoots`. */
export type LocalFolderReader = FolderReader & { resolve(name: string): Promise<string> };

export function localFolderReader(realDir: string, realRoots: readonly string[], label: string): LocalFolderReader {
  const resolve = async (name: string) => {
    if (name !== path.basename(name) || name === "." || name === "..")
      throw new Error(`not a file name: ${JSON.stringify(name)}`);
    const real = await fs.realpath(path.join(realDir, name)).catch(() => {
      throw new AppError("UNPROCESSABLE", `${name} is missing from ${label}`, [{ path: name, message: "missing" }]);
    });
    // A link may point elsewhere under a root (the Hugging Face cache links snapshots to its blobs/), never out.
    if (!realRoots.some((root) => isInsideDir(real, root)))
      throw outsideRoots(`${label}/${name}`, "it resolves outside them (a symbolic link?)");
    return real;
  };
  return {
    resolve,
    async list() {
      const entries = await fs.readdir(realDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        throw new AppError("UNPROCESSABLE", `${label} cannot be listed (${error.code ?? "error"})`, [
          { path: "path", message: "cannot be listed" },
        ]);
      });
      return entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
    },
    async open(name) {
      const real = await resolve(name);
      // O_NOFOLLOW: the checked real path must not be swapped for a link between the check and the open.
      const handle = await fs
        .open(real, constants.O_RDONLY | constants.O_NOFOLLOW)
        .catch((error: NodeJS.ErrnoException) => {
          throw new AppError("UNPROCESSABLE", `${name} in ${label} cannot be read (${error.code ?? "error"})`, [
            { path: name, message: "cannot be read" },
          ]);
        });
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new AppError("UNPROCESSABLE", `${name} in ${label} is not a regular file`, [
          { path: name, message: "not a regular file" },
        ]);
      }
      return handle.createReadStream();
    },
  };
}

/** The blobs `<prefix>/<name>` of a store: an upload's folder, or a registered S3 prefix. */
export function blobFolderReader(store: BlobStore, prefix: string): FolderReader {
  return {
    async list() {
      const keys = await store.list(`${prefix}/`);
      return keys.map((key) => key.slice(prefix.length + 1)).filter((name) => name !== "" && !name.includes("/"));
    },
    open: (name) => store.get(`${prefix}/${name}`),
  };
}

/** A small file (an index, a config) read whole, refused past `maxBytes`. */
export async function readSmallFile(reader: FolderReader, name: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await reader.open(name)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes)
      throw new AppError("UNPROCESSABLE", `${name} is larger than ${maxBytes} bytes`, [
        { path: name, message: "too large" },
      ]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
