import path from "node:path";
import { z } from "zod";

/** `auto`: `npm start` loads the demo runs into a database without runs; `off`: never. */
export const DEMO_SETTINGS = ["auto", "off"] as const;

/** Every setting comes from the environment; `.env.example` documents each one. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SPIKEWATCH_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().min(1).optional(),
  SPIKEWATCH_API_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SPIKEWATCH_MAX_BODY_BYTES: z.coerce.number().int().positive().default(32 * 1024 * 1024),
  SPIKEWATCH_MAX_CHECKPOINT_FILE_BYTES: z.coerce.number().int().positive().default(8 * 1024 ** 3),
  SPIKEWATCH_DEMO: z.enum(DEMO_SETTINGS, { error: (issue) => `expected auto or off, got ${JSON.stringify(issue.input)}` }).default("auto"),
});

export type DatabaseProvider = "sqlite" | "postgresql";

export type Config = {
  port: number;
  dataDir: string;
  databaseUrl: string;
  provider: DatabaseProvider;
  apiToken: string | undefined;
  maxBodyBytes: number;
  /** largest single file of a checkpoint upload, in bytes */
  maxCheckpointFileBytes: number;
  demo: (typeof DEMO_SETTINGS)[number];
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
    maxCheckpointFileBytes: parsed.SPIKEWATCH_MAX_CHECKPOINT_FILE_BYTES,
    demo: parsed.SPIKEWATCH_DEMO,
  };
}

export function providerOf(databaseUrl: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return "postgresql";
  if (databaseUrl.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${databaseUrl.slice(0, 20)}..."`);
}

/** The filesystem path of a `file:` SQLite URL. */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.slice("file:".length).replace(/\?.*$/, ""));
}

// An empty variable (`PORT=` in a .env file) means "use the default", not "invalid".
function emptyToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
}
