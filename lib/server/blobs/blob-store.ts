import type { Readable } from "node:stream";

/**
 * Where checkpoint files live, behind one small interface. Keys are `/`-separated names such as
 * `checkpoints/<id>/model.onnx`; every implementation refuses keys that could leave its root.
 */
export type BlobStore = {
  /** for messages: the folder or s3://bucket/prefix */
  readonly location: string;
  /** Writes the whole stream under `key`, replacing any blob there; a failed write leaves nothing. */
  put(key: string, body: Readable): Promise<void>;
  /**
   * Puts a copy of blob `from` under `to` without sending its bytes again: the local store hard-links
   * the file (safe: no blob is ever written in place, put writes a new file and renames it over), S3
   * copies server-side. Throws BlobNotFoundError when `from` does not exist.
   */
  copy(from: string, to: string): Promise<void>;
  /** The blob's bytes; throws BlobNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  /** A local file holding the blob: the stored file itself, or a download under `cacheDir`. */
  toLocalFile(key: string, cacheDir: string): Promise<LocalBlobFile>;
  /** Every key starting with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes the blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
};

/** `isCopy`: the file is a cached download the caller may delete after use. */
export type LocalBlobFile = { path: string; isCopy: boolean };

export class BlobNotFoundError extends Error {
  override name = "BlobNotFoundError";
  constructor(
    readonly key: string,
    location: string,
  ) {
    super(`no blob '${key}' in ${location}`);
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Keys are made by Spikewatch, never by clients; this refuses anything else (`..`, absolute, empty parts). */
export function assertSafeKey(key: string): void {
  if (!key.split("/").every((segment) => SEGMENT.test(segment) && segment !== "..")) {
    throw new Error(`unsafe blob key '${key}': expected /-separated names of letters, digits, '.', '_' and '-'`);
  }
}

/** A prefix is a key or the start of one; it may end with `/`. */
export function assertSafePrefix(prefix: string): void {
  if (prefix !== "") assertSafeKey(prefix.replace(/\/$/, ""));
}

/** Deletes every blob under `folder/`, e.g. a refused upload. */
export async function deleteBlobFolder(store: BlobStore, folder: string): Promise<void> {
  for (const key of await store.list(`${folder}/`)) await store.delete(key);
}

/** Cleanup after a failure: never hides the failure itself; a store that is down is only logged. */
export async function discardBlobFolder(store: BlobStore, folder: string): Promise<void> {
  await deleteBlobFolder(store, folder).catch((error: unknown) =>
    console.error(`could not remove ${folder} from ${store.location}:`, error),
  );
}
