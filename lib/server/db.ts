import { PrismaClient as SqliteClient } from "@spikewatch/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@spikewatch/prisma-postgres";
import { createAdapterFactory } from "./adapter";
import { resolveConfig, type Config } from "./config";

/**
 * The one database client module, used by the web app, the worker and the CLI. Both generated clients
 * come from the same model definition, so they share one API; the SQLite client's type stands for both.
 */
export type Db = SqliteClient;

export function createDb(config: Config): Db {
  const adapter = createAdapterFactory(config);
  if (config.provider === "postgresql") {
    // Safe: generated from the same models as the SQLite client (scripts/postgres-schema.ts).
    return new PostgresClient({ adapter: adapter as never }) as unknown as Db;
  }
  return new SqliteClient({ adapter: adapter as never });
}

const globalForDb = globalThis as unknown as { spikewatchDb?: Db };

/** The process-wide client for the configuration in the environment. Created lazily so importing is free. */
export function getDb(): Db {
  globalForDb.spikewatchDb ??= createDb(resolveConfig(process.env));
  return globalForDb.spikewatchDb;
}
