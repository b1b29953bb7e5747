import { PrismaClient as SqliteClient } from "@spikewatch/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@spikewatch/prisma-postgres";
import { createAdapterFactory } from "./adapter";
import { resolveConfig, type Config, type DatabaseProvider } from "./config";

/**
 * The one database client module, used by the web app, the worker and the CLI. Both generated clients
 * come from the same model definition, so they share one API; the SQLite client's type stands for both.
 */
export type Db = SqliteClient;

const configs = new WeakMap<Db, Pick<Config, "provider" | "databaseUrl">>();

export function createDb(config: Config): Db {
  const adapter = createAdapterFactory(config);
  // Safe cast: generated from the same models as the SQLite client (scripts/postgres-schema.ts).
  const db = config.provider === "postgresql" ? (new PostgresClient({ adapter: adapter as never }) as unknown as Db) : new SqliteClient({ adapter: adapter as never });
  configs.set(db, { provider: config.provider, databaseUrl: config.databaseUrl });
  return db;
}

/** Which engine a client made by createDb talks to, for the few statements written per engine. */
export function databaseEngineOf(db: Db): DatabaseProvider {
  return configOf(db).provider;
}

/** The URL a client made by createDb connects to, for a connection of its own (LISTEN). */
export function databaseUrlOf(db: Db): string {
  return configOf(db).databaseUrl;
}

function configOf(db: Db): Pick<Config, "provider" | "databaseUrl"> {
  const config = configs.get(db);
  if (!config) throw new Error("this database client was not made by createDb");
  return config;
}

const globalForDb = globalThis as unknown as { spikewatchDb?: Db };

/** The process-wide client for the configuration in the environment. Created lazily so importing is free. */
export function getDb(): Db {
  globalForDb.spikewatchDb ??= createDb(resolveConfig(process.env));
  return globalForDb.spikewatchDb;
}
