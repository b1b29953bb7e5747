import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { BlobSettings } from "../config";
import { noteFault } from "../service-health/fault-log";
import { assertSafeKey, assertSafePrefix, BlobNotFoundError, type BlobStore } from "./blob-store";
import { collectParts } from "./collect-parts";
import { sha256Hex, signV4 } from "./sign-v4";
import { xmlValues } from "./xml-values";

export type S3Settings = Extract<BlobSettings, { kind: "s3" }>;

/** Retries of a request that failed on the network or with a 5xx, 250 ms doubling: about 4 s in all. */
const S3_RETRIES = 4;
const S3_RETRY_BASE_MS = 250;

/** S3 wants parts of at least 5 MiB (but the last); 16 MiB keeps 10,000 parts above any checkpoint file. */
export const S3_PART_BYTES = 16 * 1024 * 1024;

/**
 * Blobs in an S3-compatible bucket, addressed path-style (`<endpoint>/<bucket>/<prefix><key>`), signed
 * with SigV4. A stream shorter than one part is sent in one PUT; a longer one as a multipart upload,
 * holding one part in memory at a time, and aborted if anything fails.
 */
export function createS3BlobStore(settings: S3Settings, { partBytes = S3_PART_BYTES } = {}): BlobStore {
  const location = `s3://${settings.bucket}/${settings.prefix}`;
  const bucketUrl = new URL(`${settings.endpoint.replace(/\/$/, "")}/${settings.bucket}`);
  const objectUrl = (key: string, query: Record<string, string> = {}) => {
    assertSafeKey(key);
    const url = new URL(`${bucketUrl.href}/${settings.prefix}${key}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  };

  /**
   * One signed request. A network failure or a 5xx (the store is overloaded or restarting) is sent
   * again with backoff: every body is a buffer held in memory (one part at most), so it can be resent.
   */
  async function send(method: string, url: URL, init: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Response> {
    const payloadHash = sha256Hex(init.body ?? "");
    for (let retry = 0; ; retry++) {
      const headers = signV4({ method, url, headers: init.headers, payloadHash }, settings, new Date());
      // A Buffer is a Uint8Array view; the DOM typings only want its ArrayBuffer generic narrowed.
      const sent = await fetch(url, { method, headers, body: init.body as Uint8Array<ArrayBuffer> | undefined }).then(
        (res) => ({ res, error: res.status >= 500 ? new Error(`HTTP ${res.status} from ${location}`) : null }),
        (error: unknown) => ({ res: null, error }),
      );
      if (!sent.error) return sent.res!;
      noteFault("blobStore", sent.error, `S3 ${method}`);
      if (retry >= S3_RETRIES) {
        if (sent.res) return sent.res;
        throw sent.error;
      }
      await sent.res?.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, S3_RETRY_BASE_MS * 2 ** retry));
    }
  }

  async function expectOk(res: Response, what: string): Promise<Response> {
    if (res.ok) return res;
    const body = await res.text().catch(() => "");
    const [code = "", message = ""] = [xmlValues(body, "Code")[0], xmlValues(body, "Message")[0]];
    const error = new Error(`S3 ${what} failed: HTTP ${res.status} ${code} ${message}`.trim() + ` (${location})`);
    throw Object.assign(error, { status: res.status });
  }

  async function putMultipart(key: string, first: Buffer, rest: AsyncIterable<Buffer>): Promise<void> {
    const created = await expectOk(await send("POST", objectUrl(key, { uploads: "" })), `create multipart upload of ${key}`);
    const uploadId = xmlValues(await created.text(), "UploadId")[0];
    if (!uploadId) throw new Error(`S3 create multipart upload of ${key} returned no UploadId (${location})`);
    try {
      const etags: string[] = [];
      for await (const part of prepend(first, rest)) {
        const url = objectUrl(key, { partNumber: String(etags.length + 1), uploadId });
        const res = await expectOk(await send("PUT", url, { body: part }), `upload part ${etags.length + 1} of ${key}`);
        etags.push(res.headers.get("etag") ?? "");
      }
      const xml = `<CompleteMultipartUpload>${etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join("")}</CompleteMultipartUpload>`;
      const done = await expectOk(await send("POST", objectUrl(key, { uploadId }), { body: Buffer.from(xml) }), `complete upload of ${key}`);
      // S3 may answer 200 and still report an error in the body.
      const text = await done.text();
      if (xmlValues(text, "Code").length > 0) throw new Error(`S3 complete upload of ${key} failed: ${xmlValues(text, "Message")[0] ?? text}`);
    } catch (error) {
      await send("DELETE", objectUrl(key, { uploadId })).catch(() => undefined);
      throw error;
    }
  }

  return {
    location,
    async put(key, body) {
      objectUrl(key);
      const parts = collectParts(body, partBytes)[Symbol.asyncIterator]();
      const first = await parts.next();
      const second = first.done ? first : await parts.next();
      if (second.done) {
        await expectOk(await send("PUT", objectUrl(key), { body: first.done ? Buffer.alloc(0) : first.value }), `put ${key}`);
        return;
      }
      await putMultipart(key, first.value as Buffer, prepend(second.value, { [Symbol.asyncIterator]: () => parts }));
    },
    async get(key) {
      const res = await send("GET", objectUrl(key));
      if (res.status === 404) throw new BlobNotFoundError(key, location);
      await expectOk(res, `get ${key}`);
      return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    },
    async toLocalFile(key, cacheDir) {
      const file = path.join(cacheDir, ...key.split("/"));
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.partial-${randomUUID()}`;
      try {
        await pipeline(await this.get(key), fs.createWriteStream(partial));
        await fs.promises.rename(partial, file);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        throw error;
      }
      return { path: file, isCopy: true };
    },
    async list(prefix) {
      assertSafePrefix(prefix);
      const keys: string[] = [];
      for (let token: string | undefined, isTruncated = true; isTruncated; ) {
        const url = new URL(bucketUrl);
        url.searchParams.set("list-type", "2");
        url.searchParams.set("prefix", settings.prefix + prefix);
        if (token) url.searchParams.set("continuation-token", token);
        const text = await (await expectOk(await send("GET", url), `list ${prefix}`)).text();
        keys.push(...xmlValues(text, "Key").map((key) => key.slice(settings.prefix.length)));
        token = xmlValues(text, "NextContinuationToken")[0];
        isTruncated = xmlValues(text, "IsTruncated")[0] === "true" && token !== undefined;
      }
      return keys.sort();
    },
    async delete(key) {
      const res = await send("DELETE", objectUrl(key));
      if (res.status !== 404) await expectOk(res, `delete ${key}`);
    },
    async exists(key) {
      const res = await send("HEAD", objectUrl(key));
      if (res.status === 404) return false;
      await expectOk(res, `check ${key}`);
      return true;
    },
  };
}

async function* prepend(first: Buffer, rest: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  yield first;
  yield* rest;
}
