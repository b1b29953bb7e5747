import { formatS3Location } from "@/lib/domain/ingest/s3-location";
import type { BlobStore } from "../blobs/blob-store";
import { openBlobStore } from "../blobs/open-blob-store";
import type { Config } from "../config";
import { AppError } from "../errors";
import { realLocalRoots, resolveRegisteredFolder, resolveRegisteredPrefix } from "./checkpoint-roots";
import { blobFolderReader, localFolderReader, type FolderReader, type LocalFolderReader } from "./folder-reader";

export type RegisteredFolder =
  | { source: "path"; dir: string; reader: LocalFolderReader }
  | { source: "s3"; dir: string; reader: FolderReader; store: BlobStore; prefix: string };

/**
 * Opens a folder to register (or, in the worker, one registered before) after checking it lies under
 * SPIKEWATCH_CHECKPOINT_ROOTS: a local folder by its real path, or `s3://bucket/prefix/` read with the
 * S3 store's endpoint and credentials. `dir` is what the checkpoint row keeps. `label` names the folder
 * in messages: what the caller sent, or for a stored row words that reveal no server path.
 */
export async function openRegisteredFolder(
  config: Pick<Config, "dataDir" | "blobs" | "checkpointRoots">,
  requested: string,
  label = requested,
): Promise<RegisteredFolder> {
  const roots = config.checkpointRoots;
  if (requested.startsWith("s3://")) {
    const location = resolveRegisteredPrefix(requested, roots, label);
    if (config.blobs.kind !== "s3") {
      throw new AppError(
        "UNPROCESSABLE",
        "s3:// folders are read with the S3 store's endpoint and credentials: set SPIKEWATCH_BLOB_STORE=s3",
        [{ path: "path", message: "S3 store not configured" }],
      );
    }
    const store = openBlobStore({
      dataDir: config.dataDir,
      blobs: { ...config.blobs, bucket: location.bucket, prefix: "" },
    });
    const prefix = location.prefix.replace(/\/$/, "");
    return { source: "s3", dir: formatS3Location(location), reader: blobFolderReader(store, prefix), store, prefix };
  }
  const real = await resolveRegisteredFolder(requested, roots, label);
  return { source: "path", dir: real, reader: localFolderReader(real, await realLocalRoots(roots), label) };
}
