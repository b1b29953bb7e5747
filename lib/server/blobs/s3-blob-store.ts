import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { Agent } from "node:http";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { BlobSettings } from "../config";
import { noteFault } from "../service-health/fault-log";
import { assertSafeKey, assertSafePrefix, BlobNotFoundError, type BlobStore } from "./blob-store";

export type S3Settings = Extract<BlobSettings, { kind: "s3" }>;

/** S3 wants parts of at least 5 MiB (but the last); 16 MiB keeps 10,000 parts above any checkpoint file. */
export const S3_PART_BYTES = 16 * 1024 * 1024;

/** Attempts per request: the SDK's standard retry (exponential backoff with jitter) on 5xx and network errors. */
const S3_MAX_ATTEMPTS = 5;

/** Without SPIKEWATCH_S3_REGION and with no region in the SDK's chain (AWS_REGION, the shared config). */
const FALLBACK_REGION = "us-east-1";

type S3StoreOptions = {
  partBytes?: number;
  /** an HTTP(S) agent for every request (custom DNS or proxies); the SDK's own keep-alive agent otherwise */
  agent?: Agent;
};

/**
 * Blobs in an S3-compatible bucket through the AWS SDK: credentials from the settings or the SDK's
 * default chain (environment, shared config and SSO, web identity, container and instance roles),
 * the SDK's standard retries, path-style or virtual-host addressing. A stream is uploaded by
 * lib-storage: one PUT when it fits in one part, else a multipart upload holding one part in memory
 * at a time and aborted if anything fails.
 */
export function createS3BlobStore(
  settings: S3Settings,
  { partBytes = S3_PART_BYTES, agent }: S3StoreOptions = {},
): BlobStore {
  const location = `s3://${settings.bucket}/${settings.prefix}`;
  const client = new S3Client(clientConfig(settings, agent));
  noteFailedAttempts(client);
  const Bucket = settings.bucket;
  const keyOf = (key: string) => {
    assertSafeKey(key);
    return settings.prefix + key;
  };
  // `status` lets openBlobStore tell an outage (5xx, or no answer: 503) from a refusal (4xx).
  const failed = (what: string, error: unknown) =>
    Object.assign(new Error(`S3 ${what} failed: ${describeS3Error(error)} (${location})`, { cause: error }), {
      status: isS3Error(error) ? (error.$metadata?.httpStatusCode ?? 503) : 503,
    });

  return {
    location,
    async put(key, body) {
      // The body's own error (a client that hung up) is the cause to report. lib-storage then aborts
      // the multipart upload, and if that fails too its error would hide the cause.
      let bodyError: unknown;
      body.once("error", (error) => (bodyError ??= error));
      const params = { Bucket, Key: keyOf(key), Body: body };
      const upload = new Upload({ client, params, partSize: partBytes, queueSize: 1, leavePartsOnError: false });
      await upload.done().catch((error: unknown) => {
        if (bodyError === undefined) throw failed(`put ${key}`, error);
        if (error !== bodyError) {
          console.error(`after a failed upload of ${key}, ${failed("abort of the multipart upload", error).message}`);
        }
        throw bodyError;
      });
    },
    async copy(from, to) {
      // One CopyObject request (objects up to 5 GB): the bytes never leave the bucket.
      const CopySource = encodeURI(`${Bucket}/${keyOf(from)}`);
      await client.send(new CopyObjectCommand({ Bucket, Key: keyOf(to), CopySource })).catch((error: unknown) => {
        if (isNotFound(error)) throw new BlobNotFoundError(from, location);
        throw failed(`copy ${from}`, error);
      });
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
        return object.Body as Readable;
      } catch (error) {
        if (isNotFound(error)) throw new BlobNotFoundError(key, location);
        throw failed(`get ${key}`, error);
      }
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
      try {
        for await (const page of paginateListObjectsV2({ client }, { Bucket, Prefix: settings.prefix + prefix })) {
          keys.push(...(page.Contents ?? []).map((object) => object.Key!.slice(settings.prefix.length)));
        }
      } catch (error) {
        throw failed(`list ${prefix}`, error);
      }
      return keys.sort();
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) })).catch((error: unknown) => {
        if (!isNotFound(error)) throw failed(`delete ${key}`, error);
      });
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(key) }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw failed(`check ${key}`, error);
      }
    },
  };
}

function clientConfig(settings: S3Settings, agent: Agent | undefined): S3ClientConfig {
  let chainRegion: Promise<string> | undefined;
  return {
    region: settings.region ?? (() => (chainRegion ??= defaultRegion())),
    // Unset: AWS's own endpoint for the region.
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.addressing === "path",
    maxAttempts: S3_MAX_ATTEMPTS,
    // Unset: the SDK's default chain, which also renews temporary credentials before they expire.
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // S3-compatible stores (MinIO, R2, Ceph) do not all accept the SDK's optional CRC checksums;
    // AWS itself keeps them.
    ...(settings.endpoint
      ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
      : {}),
    ...(agent ? { requestHandler: { httpAgent: agent, httpsAgent: agent } } : {}),
  };
}

/** The region of the SDK's chain (AWS_REGION, the shared config's profile), else us-east-1. */
async function defaultRegion(): Promise<string> {
  try {
    return await new S3Client({}).config.region();
  } catch {
    return FALLBACK_REGION;
  }
}

/**
 * Every failed attempt (a 5xx, no answer) is noted for the health report, including those the SDK's
 * retry then recovers from: this middleware runs inside the retry loop, once per attempt.
 */
function noteFailedAttempts(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const status = isS3Error(error) ? error.$metadata?.httpStatusCode : undefined;
        if (status === undefined || status >= 500) {
          noteFault("blobStore", error, `S3 ${context.commandName ?? "request"}${status ? ` HTTP ${status}` : ""}`);
        }
        throw error;
      }
    },
    { step: "deserialize", priority: "high", name: "spikewatchNoteFailedAttempts" },
  );
}

function isS3Error(error: unknown): error is S3ServiceException {
  return error instanceof S3ServiceException || (error instanceof Error && "$metadata" in error);
}

function isNotFound(error: unknown): boolean {
  if (!isS3Error(error)) return false;
  return error.$metadata?.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound";
}

/** "HTTP 403 AccessDenied: Access Denied", or the network error's own message. */
function describeS3Error(error: unknown): string {
  if (!isS3Error(error)) return error instanceof Error ? error.message : String(error);
  const status = error.$metadata?.httpStatusCode;
  return `${status ? `HTTP ${status} ` : ""}${error.name}: ${error.message}`;
}
