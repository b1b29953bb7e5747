import type { Config } from "../config";
import type { BlobStore } from "./blob-store";
import { createLocalBlobStore } from "./local-blob-store";
import { createS3BlobStore } from "./s3-blob-store";

/** The configured store: the data directory by default, or the S3 bucket of SPIKEWATCH_BLOB_STORE=s3. */
export function openBlobStore(config: Pick<Config, "dataDir" | "blobs">): BlobStore {
  return config.blobs.kind === "s3" ? createS3BlobStore(config.blobs) : createLocalBlobStore(config.dataDir);
}
