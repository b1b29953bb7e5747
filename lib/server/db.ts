import { PrismaClient as SqliteClient } from "@spikewatch/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@spikewatch/prisma-postgres";
import type Database from "better-sqlite3";
import { createAdapterFactory } from "./adapter";
import { resolveConfig, type Config, type DatabaseProvider } from "./config";

/**
 * The one database client module, used by the web app, the worker and the CLI. Both generated clients
 * come from the same model definition, so they share one API; the SQLite client's type stands for both.
 */
export type Db = SqliteClient;

// Kept on globalThis: Next bundles this module into several chunks (routes, pages), each with its own
// module scope, while getDb's client is shared through globalThis; a per-chunk WeakMap would miss it.
const registry = ((globalThis as { spikewatchDbRegistry?: DbRegistry }).spikewatchDbRegistry ??= {
  configs: new WeakMap(),
  sqliteConnections: new WeakMap(),
});
type DbRegistry = {
  configs: WeakMap<Db, Pick<Config, "provider" | "databaseUrl">>;
  sqliteConnections: WeakMap<Db, () => Database.Database | undefined>;
};
const configs = registry.configs;
const connectionGetters = registry.sqliteConnections;

export function createDb(config: Config): Db {
  let connection: Database.Database | undefined;
  const adapter = createAdapterFactory(config, { onSqliteConnection: (opened) => (connection = opened) });
  // Safe cast: generated from the same models as the SQLite client (scripts/postgres-schema.ts).
  const db =
    config.provider === "postgresql"
      ? (new PostgresClient({ adapter: adapter as never }) as unknown as Db)
      : new SqliteClient({ adapter: adapter as never });
  configs.set(db, { provider: config.provider, databaseUrl: config.databaseUrl });
  if (config.provider === "sqlite") connectionGetters.set(db, () => connection);
  return db;
}

/**
 * The better-sqlite3 connection under a SQLite client (opened on first use), for bulk statements that
 * Prisma makes slow. It is the client's only connection: inside `db.$transaction` its statements are
 * part of that transaction. Null on PostgreSQL.
 */
export async function sqliteConnectionOf(db: Db): Promise<Database.Database | null> {
  if (databaseEngineOf(db) === "postgresql") return null;
  const getConnection = connectionGetters.get(db)!;
  if (!getConnection()) await db.$connect();
  const connection = getConnection();
  if (!connection) throw new Error("sqliteConnectionOf: the SQLite client opened no connection");
  return connection;
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
