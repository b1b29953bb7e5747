import type { Config } from "../config";
import { AppError } from "../errors";
import { noteFault, noteRecovery } from "../service-health/fault-log";
import type { BlobStore } from "./blob-store";
import { createLocalBlobStore } from "./local-blob-store";
import { createS3BlobStore } from "./s3-blob-store";

/** The configured store: the data directory by default, or the S3 bucket of SPIKEWATCH_BLOB_STORE=s3. */
export function openBlobStore(config: Pick<Config, "dataDir" | "blobs">): BlobStore {
  return reportFaults(
    config.blobs.kind === "s3" ? createS3BlobStore(config.blobs) : createLocalBlobStore(config.dataDir),
  );
}

/** The file system holding the store is full (or read-only, or failing): no retry helps until someone acts. */
const STORAGE_FULL_CODES = new Set(["ENOSPC", "EDQUOT", "EROFS", "EIO"]);

/**
 * The store's own failures (a full disk, an S3 endpoint down or answering 5xx after its retries) are
 * noted for the health report and logged once, and reach the client as 507 or 503 with what happened;
 * a missing blob or a refused key passes through unchanged.
 */
function reportFaults(store: BlobStore): BlobStore {
  // Only a stored blob shows the store works again: a read or a delete succeeds on a full disk too.
  const guard =
    <A extends unknown[], R>(what: string, operation: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await operation(...args);
        if (what === "put" || what === "copy") noteRecovery("blobStore");
        return result;
      } catch (error) {
        throw asStoreFault(error, `${what} (${store.location})`);
      }
    };
  return {
    location: store.location,
    put: guard("put", store.put.bind(store)),
    copy: guard("copy", store.copy.bind(store)),
    get: guard("get", store.get.bind(store)),
    toLocalFile: guard("toLocalFile", store.toLocalFile.bind(store)),
    list: guard("list", store.list.bind(store)),
    delete: guard("delete", store.delete.bind(store)),
    exists: guard("exists", store.exists.bind(store)),
  };
}

function asStoreFault(error: unknown, what: string): unknown {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  if (typeof code === "string" && STORAGE_FULL_CODES.has(code)) {
    noteFault("blobStore", error, what);
    return new AppError(
      "INSUFFICIENT_STORAGE",
      `The checkpoint store cannot write (${code}: ${storageMessage(code)}); nothing was kept`,
    );
  }
  const isOutage =
    (typeof status === "number" && status >= 500) || (error instanceof TypeError && /fetch failed/.test(error.message));
  if (!isOutage) return error;
  noteFault("blobStore", error, what);
  return new AppError(
    "UNAVAILABLE",
    `The checkpoint store is unavailable (${error instanceof Error ? error.message : String(error)}); nothing was kept, retry shortly`,
  );
}

function storageMessage(code: string): string {
  return (
    {
      ENOSPC: "no space left on the device",
      EDQUOT: "disk quota exceeded",
      EROFS: "read-only file system",
      EIO: "input/output error",
    }[code] ?? code
  );
}
