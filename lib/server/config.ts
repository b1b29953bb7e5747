import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
// Relative: prisma.config.ts loads this file without the @/ alias.
import { parseS3Location, type S3Location } from "../domain/ingest/s3-location";

/** `auto`: `npm start` loads the demo runs into a database without runs; `off`: never. */
export const DEMO_SETTINGS = ["auto", "off"] as const;

/** The shared ACEBench dialogues beside the repository: `npm start`'s real sample data when present. */
export const DEFAULT_SAMPLE_DATA_DIR = "../shared/data/acebench-dialogues/multi_turn";

/** How an S3 request names the bucket: in the path, or in the host name. */
export const S3_ADDRESSING = ["path", "virtual"] as const;

/** Every setting comes from the environment; `.env.example` documents each one. */
const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    SPIKEWATCH_DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z.string().min(1).optional(),
    SPIKEWATCH_API_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    SPIKEWATCH_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(32 * 1024 * 1024),
    SPIKEWATCH_CLASSIFY_THREADS: z.coerce
      .number()
      .int()
      .min(0)
      .max(64)
      .default(Math.max(0, os.availableParallelism() - 1)),
    SPIKEWATCH_MAX_CHECKPOINT_FILE_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 1024 ** 3),
    SPIKEWATCH_DEMO: z
      .enum(DEMO_SETTINGS, { error: (issue) => `expected auto or off, got ${JSON.stringify(issue.input)}` })
      .default("auto"),
    SPIKEWATCH_SAMPLE_DATA: z
      .string()
      .refine((v) => v === "off" || isDirectory(v), {
        error: (issue) => `expected off or an existing directory, got ${JSON.stringify(issue.input)}`,
      })
      .optional(),
    SPIKEWATCH_READ_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    SPIKEWATCH_BLOB_STORE: z
      .enum(["local", "s3"], { error: (issue) => `expected local or s3, got ${JSON.stringify(issue.input)}` })
      .default("local"),
    SPIKEWATCH_S3_ENDPOINT: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://127.0.0.1:9000" })
      .optional(),
    SPIKEWATCH_S3_BUCKET: z.string().min(1).optional(),
    SPIKEWATCH_S3_REGION: z.string().min(1).optional(),
    SPIKEWATCH_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    SPIKEWATCH_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    SPIKEWATCH_S3_SESSION_TOKEN: z.string().min(1).optional(),
    SPIKEWATCH_S3_ADDRESSING: z
      .enum(S3_ADDRESSING, { error: (issue) => `expected path or virtual, got ${JSON.stringify(issue.input)}` })
      .optional(),
    SPIKEWATCH_S3_PREFIX: z
      .string()
      .regex(/^([A-Za-z0-9._-]+\/)*$/, "must be empty or end with / (e.g. spikewatch/)")
      .default(""),
    SPIKEWATCH_CHECKPOINT_ROOTS: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    for (const entry of rootEntries(env.SPIKEWATCH_CHECKPOINT_ROOTS)) {
      if (parseRoot(entry)) continue;
      const message = `expected absolute folders or s3://bucket/prefix/, comma-separated; got ${JSON.stringify(entry)}`;
      ctx.addIssue({ code: "custom", path: ["SPIKEWATCH_CHECKPOINT_ROOTS"], message });
    }
    if (env.SPIKEWATCH_BLOB_STORE !== "s3") return;
    const issue = (name: string, message: string) => ctx.addIssue({ code: "custom", path: [name], message });
    if (!env.SPIKEWATCH_S3_BUCKET) issue("SPIKEWATCH_S3_BUCKET", "required when SPIKEWATCH_BLOB_STORE=s3");
    // Keys come as a pair, or not at all (then the AWS SDK's default credential chain supplies them).
    if (!env.SPIKEWATCH_S3_ACCESS_KEY_ID !== !env.SPIKEWATCH_S3_SECRET_ACCESS_KEY) {
      const missing = env.SPIKEWATCH_S3_ACCESS_KEY_ID
        ? "SPIKEWATCH_S3_SECRET_ACCESS_KEY"
        : "SPIKEWATCH_S3_ACCESS_KEY_ID";
      issue(missing, "set both keys, or neither to use the AWS default credential chain");
    }
    if (env.SPIKEWATCH_S3_SESSION_TOKEN && !env.SPIKEWATCH_S3_ACCESS_KEY_ID) {
      issue("SPIKEWATCH_S3_SESSION_TOKEN", "only with SPIKEWATCH_S3_ACCESS_KEY_ID and SPIKEWATCH_S3_SECRET_ACCESS_KEY");
    }
  });

/** Where checkpoint files live: a folder in the data directory, or an S3-compatible bucket. */
export type BlobSettings =
  | { kind: "local" }
  | {
      kind: "s3";
      /** unset: AWS's endpoint for the region */
      endpoint: string | undefined;
      bucket: string;
      /** unset (AWS only): the AWS SDK's region chain (AWS_REGION, the shared config), else us-east-1 */
      region: string | undefined;
      /** unset: the AWS SDK's default credential chain */
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
      /** `path`: <endpoint>/<bucket>/<key>; `virtual`: <bucket>.<endpoint host>/<key> */
      addressing: (typeof S3_ADDRESSING)[number];
      prefix: string;
    };

/** A place checkpoint folders may be registered from without copying (SPIKEWATCH_CHECKPOINT_ROOTS). */
export type CheckpointRoot = { kind: "local"; dir: string } | ({ kind: "s3" } & S3Location);

export type DatabaseProvider = "sqlite" | "postgresql";

export type Config = {
  port: number;
  dataDir: string;
  databaseUrl: string;
  provider: DatabaseProvider;
  apiToken: string | undefined;
  maxBodyBytes: number;
  /** worker threads classifying rollout batches beside the request thread (classify-pool.ts) */
  classifyThreads: number;
  /** largest single file of a checkpoint upload, in bytes */
  maxCheckpointFileBytes: number;
  demo: (typeof DEMO_SETTINGS)[number];
  /** absolute directory of ACEBench configuration folders `npm start` imports, or null ("off") */
  sampleData: string | null;
  /** when set, every page and read endpoint needs this token, a write token, or the sign-in cookie */
  readToken: string | undefined;
  blobs: BlobSettings;
  /** folders (absolute, as configured) and S3 prefixes registration by path may read; empty: disabled */
  checkpointRoots: CheckpointRoot[];
};

/** A bad environment variable: its message names each variable and what was expected. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Resolves settings and defaults; relative paths resolve against the current directory. */
export function resolveConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(emptyToUndefined(env));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid settings in the environment:\n${lines.join("\n")}`);
  }
  const parsed = result.data;
  const dataDir = path.resolve(parsed.SPIKEWATCH_DATA_DIR);
  const databaseUrl = parsed.DATABASE_URL ?? `file:${path.join(dataDir, "spikewatch.db")}`;
  return {
    port: parsed.PORT,
    dataDir,
    databaseUrl,
    provider: providerOf(databaseUrl),
    apiToken: parsed.SPIKEWATCH_API_TOKEN,
    maxBodyBytes: parsed.SPIKEWATCH_MAX_BODY_BYTES,
    classifyThreads: parsed.SPIKEWATCH_CLASSIFY_THREADS,
    maxCheckpointFileBytes: parsed.SPIKEWATCH_MAX_CHECKPOINT_FILE_BYTES,
    demo: parsed.SPIKEWATCH_DEMO,
    sampleData: sampleDataDir(parsed.SPIKEWATCH_SAMPLE_DATA),
    readToken: parsed.SPIKEWATCH_READ_TOKEN,
    blobs: blobSettings(parsed),
    checkpointRoots: rootEntries(parsed.SPIKEWATCH_CHECKPOINT_ROOTS).map((entry) => parseRoot(entry)!),
  };
}

function blobSettings(parsed: z.output<typeof ConfigSchema>): BlobSettings {
  if (parsed.SPIKEWATCH_BLOB_STORE === "local") return { kind: "local" };
  const accessKeyId = parsed.SPIKEWATCH_S3_ACCESS_KEY_ID;
  const secretAccessKey = parsed.SPIKEWATCH_S3_SECRET_ACCESS_KEY;
  const sessionToken = parsed.SPIKEWATCH_S3_SESSION_TOKEN;
  return {
    kind: "s3",
    endpoint: parsed.SPIKEWATCH_S3_ENDPOINT,
    bucket: parsed.SPIKEWATCH_S3_BUCKET!,
    // With an endpoint, us-east-1 as always (self-hosted stores sign for it; AWS_REGION is AWS's).
    region: parsed.SPIKEWATCH_S3_REGION ?? (parsed.SPIKEWATCH_S3_ENDPOINT ? "us-east-1" : undefined),
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
        : undefined,
    // Self-hosted stores (MinIO, s3rver, Ceph) are usually reached by IP or one host name: path-style.
    addressing: parsed.SPIKEWATCH_S3_ADDRESSING ?? (parsed.SPIKEWATCH_S3_ENDPOINT ? "path" : "virtual"),
    prefix: parsed.SPIKEWATCH_S3_PREFIX,
  };
}

function rootEntries(setting: string | undefined): string[] {
  return (setting ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function parseRoot(entry: string): CheckpointRoot | null {
  if (entry.startsWith("s3://")) {
    const location = parseS3Location(entry);
    return location ? { kind: "s3", ...location } : null;
  }
  return path.isAbsolute(entry) ? { kind: "local", dir: path.resolve(entry) } : null;
}

export function providerOf(databaseUrl: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return "postgresql";
  if (databaseUrl.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${databaseUrl.slice(0, 20)}..."`,
  );
}

/** The filesystem path of a `file:` SQLite URL. */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.slice("file:".length).replace(/\?.*$/, ""));
}

// Unset: the shared folder when the checkout has one beside it (relative to the current directory,
// the repository under `npm start`), else off.
function sampleDataDir(setting: string | undefined): string | null {
  if (setting === "off") return null;
  if (setting !== undefined) return path.resolve(setting);
  return isDirectory(DEFAULT_SAMPLE_DATA_DIR) ? path.resolve(DEFAULT_SAMPLE_DATA_DIR) : null;
}

function isDirectory(dir: string): boolean {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}

// An empty variable (`PORT=` in a .env file) means "use the default", not "invalid".
function emptyToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
}
