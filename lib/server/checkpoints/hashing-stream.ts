import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type FileDigest = { bytes: number; sha256: string };

/** A pass-through stream that counts and hashes what flows through it; `digest()` once it has ended. */
export function createHashingStream(): { stream: Transform; digest: () => FileDigest } {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, digest: () => ({ bytes, sha256: hash.digest("hex") }) };
}

/** Size and sha256 of a whole stream, read chunk by chunk: multi-GB files never sit in memory. */
export async function hashStream(body: Readable): Promise<FileDigest> {
  const hashing = createHashingStream();
  await pipeline(body, hashing.stream, async (source: AsyncIterable<unknown>) => {
    for await (const chunk of source) void chunk;
  });
  return hashing.digest();
}
