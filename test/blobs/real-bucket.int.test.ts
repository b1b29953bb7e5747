import { randomUUID } from "node:crypto";
import { describe, it } from "vitest";
import { createS3BlobStore } from "@/lib/server/blobs/s3-blob-store";
import { resolveConfig } from "@/lib/server/config";
import { describeBlobStoreContract, MIB } from "./blob-store-contract";

// Opt-in: the blob-store contract against a real bucket (AWS S3, R2, MinIO, Ceph), which also checks
// what s3rver does not: SigV4 signatures, real multipart semantics, the provider's own addressing.
// Settings are the product's, under a test name: SPIKEWATCH_TEST_S3_BUCKET (required), and as needed
// SPIKEWATCH_TEST_S3_ENDPOINT, _REGION, _ADDRESSING, _PREFIX, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY,
// _SESSION_TOKEN; without keys, the AWS default chain (AWS_PROFILE, roles, ...). Each run writes under
// a fresh folder `spikewatch-test-<uuid>/` and deletes it afterwards.
const TEST_PREFIX = "SPIKEWATCH_TEST_S3_";
const testSettings = Object.fromEntries(
  Object.entries(process.env)
    .filter(([name]) => name.startsWith(TEST_PREFIX))
    .map(([name, value]) => [`SPIKEWATCH_S3_${name.slice(TEST_PREFIX.length)}`, value]),
);

if (process.env.SPIKEWATCH_TEST_S3_BUCKET) {
  const { blobs } = resolveConfig({ ...testSettings, SPIKEWATCH_BLOB_STORE: "s3" });
  if (blobs.kind !== "s3") throw new Error("unreachable: SPIKEWATCH_BLOB_STORE=s3");
  const name = `real bucket s3://${blobs.bucket}/${blobs.prefix} (${blobs.endpoint ?? "AWS"}, ${blobs.addressing})`;
  const root = `spikewatch-test-${randomUUID()}`;
  describeBlobStoreContract(name, () => createS3BlobStore(blobs, { partBytes: 5 * MIB }), { root });
} else {
  const why =
    "skipped: set SPIKEWATCH_TEST_S3_BUCKET (and SPIKEWATCH_TEST_S3_ENDPOINT, _REGION, keys or an AWS " +
    "profile) to run the blob-store contract against a real bucket";
  console.log(`[real bucket] ${why}`);
  describe("blob store: a real bucket (opt-in)", () => {
    it.skip(why, () => {});
  });
}
