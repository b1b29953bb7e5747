// Streams a large body with chunked transfer encoding (no Content-Length, so the server cannot refuse
// it up front) while sampling the server's resident memory.
import http from "node:http";

export type ChunkedReply = { status: number | null; body: string; sentBytes: number; peakRssGrowthBytes: number };

type ChunkedBody = {
  totalBytes: number;
  headers: Record<string, string>;
  rssBytes: () => number;
  prefix?: string;
};

const CHUNK = Buffer.alloc(1 << 20, "a");

/**
 * Sends `prefix`, then up to `totalBytes` in 1 MiB chunks of "a", respecting backpressure, and stops as
 * soon as the server answers or drops the connection (a server that refuses early need not read the
 * rest). Resolves with the reply and how far the server's RSS rose above its level at the start.
 */
export async function sendChunkedBody(
  url: string,
  { totalBytes, headers, rssBytes, prefix }: ChunkedBody,
): Promise<ChunkedReply> {
  const baseline = rssBytes();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes())), 20);
  const req = http.request(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
  let sentBytes = 0;
  let settled = false;
  if (prefix) req.write(prefix);

  const reply = new Promise<{ status: number | null; body: string }>((resolve) => {
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (text: string) => (body = (body + text).slice(0, 4_000)));
      res.on("end", () => resolve({ status: res.statusCode ?? null, body }));
      res.on("error", () => resolve({ status: res.statusCode ?? null, body }));
    });
    // A server that closes the connection without an answer: the caller sees status null.
    req.on("error", () => resolve({ status: null, body: "" }));
  }).finally(() => (settled = true));

  while (!settled && sentBytes < totalBytes) {
    sentBytes += CHUNK.length;
    if (!req.write(CHUNK)) await Promise.race([new Promise((r) => req.once("drain", r)), reply]);
  }
  if (!settled) req.end();
  const answer = await reply;
  req.destroy();
  // One last sample after the answer: memory held for the body would still be held now.
  await new Promise((r) => setTimeout(r, 200));
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes());
  return { ...answer, sentBytes, peakRssGrowthBytes: peak - baseline };
}
