import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createLocalBlobStore } from "@/lib/server/blobs/local-blob-store";
import { createS3BlobStore } from "@/lib/server/blobs/s3-blob-store";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { describeBlobStoreContract, MIB } from "./blob-store-contract";
import { startS3rver, type RunningS3 } from "./support/start-s3rver";

let tmp: string;
let s3: RunningS3;
beforeAll(async () => {
  tmp = makeTempDir("blobs");
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
  removeDir(tmp);
});

// Virtual-host addressing names the bucket in the host: spikewatch.s3.localhost. Nothing resolves
// that name here, so this agent sends every connection to loopback, where s3rver reads the bucket
// from the Host header as S3 does.
const loopback = new http.Agent({
  keepAlive: true,
  lookup: (_host, options, done) =>
    options.all ? done(null, [{ address: "127.0.0.1", family: 4 }]) : done(null, "127.0.0.1", 4),
});
afterAll(() => loopback.destroy());

describeBlobStoreContract("local directory", () => createLocalBlobStore(path.join(tmp, "local")));
// 5 MiB parts (S3's minimum) so an 11 MiB blob goes up as a three-part multipart upload.
describeBlobStoreContract("S3 (s3rver, path-style)", () => createS3BlobStore(s3.settings, { partBytes: 5 * MIB }));
describeBlobStoreContract("S3 (s3rver, virtual-host)", () => {
  const endpoint = s3.settings.endpoint!.replace("127.0.0.1", "s3.localhost");
  const options = { partBytes: 5 * MIB, agent: loopback };
  return createS3BlobStore({ ...s3.settings, endpoint, addressing: "virtual" }, options);
});
