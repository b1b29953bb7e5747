import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { collectParts } from "./collect-parts";

async function sizes(chunks: number[], partBytes: number): Promise<{ sizes: number[]; bytes: Buffer }> {
  const source = Readable.from(chunks.map((n, i) => Buffer.alloc(n, i + 1)));
  const parts: Buffer[] = [];
  for await (const part of collectParts(source, partBytes)) parts.push(part);
  return { sizes: parts.map((p) => p.length), bytes: Buffer.concat(parts) };
}

describe("collectParts", () => {
  it("cuts the stream into full parts and one shorter last part, keeping byte order", async () => {
    const { sizes: s, bytes } = await sizes([3, 7, 1, 10], 5);
    expect(s).toEqual([5, 5, 5, 5, 1]);
    expect([...bytes]).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
  });

  it("yields nothing for an empty stream and no empty tail after an exact multiple", async () => {
    expect((await sizes([], 4)).sizes).toEqual([]);
    expect((await sizes([8], 4)).sizes).toEqual([4, 4]);
  });
});
