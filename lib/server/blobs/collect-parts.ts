import type { Readable } from "node:stream";

/** Regroups a byte stream into buffers of exactly `partBytes` (the last may be shorter, never empty). */
export async function* collectParts(body: Readable, partBytes: number): AsyncIterable<Buffer> {
  let chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    let rest = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    while (size + rest.length >= partBytes) {
      const take = partBytes - size;
      yield Buffer.concat([...chunks, rest.subarray(0, take)]);
      rest = rest.subarray(take);
      chunks = [];
      size = 0;
    }
    if (rest.length > 0) {
      chunks.push(rest);
      size += rest.length;
    }
  }
  if (size > 0) yield Buffer.concat(chunks);
}
