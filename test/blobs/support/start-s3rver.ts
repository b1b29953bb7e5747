import { createRequire } from "node:module";
import type { S3Settings } from "@/lib/server/blobs/s3-blob-store";
import { makeTempDir, removeDir } from "../../fixtures/temp-dir";

type S3rverServer = { run(): Promise<{ port: number }>; close(): Promise<void> };
type S3rverClass = new (options: Record<string, unknown>) => S3rverServer;

// s3rver ships CommonJS without types; its default account is S3RVER / S3RVER.
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverClass;

export type RunningS3 = { settings: S3Settings; stop: () => Promise<void> };

/** s3rver's one account; it checks every request's SigV4 signature against it. */
export const S3RVER_KEYS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * An S3-compatible server in this process on a free port, storing into a fresh temp directory. It
 * also answers virtual-host requests for `<bucket>.s3.localhost` (its service endpoint is localhost).
 */
export async function startS3rver(bucket = "spikewatch"): Promise<RunningS3> {
  const directory = makeTempDir("s3rver");
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
    serviceEndpoint: "localhost",
  });
  const { port } = await server.run();
  return {
    settings: {
      kind: "s3",
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      region: "us-east-1",
      credentials: S3RVER_KEYS,
      addressing: "path",
      prefix: "sw-test/",
    },
    stop: async () => {
      await server.close();
      removeDir(directory);
    },
  };
}
