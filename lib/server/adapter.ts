import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type Database from "better-sqlite3";
import type { Config } from "./config";

/** SQLite waits this long for another process's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * The SQLite adapter keeps the one better-sqlite3 connection it opens; this subclass hands it out as
 * well, so bulk statements (lib/server/sqlite-statements.ts) can run on that same connection, inside
 * the same transactions, without paying Prisma's per-parameter cost.
 */
class SharedConnectionSqlite extends PrismaBetterSQLite3 {
  constructor(
    config: ConstructorParameters<typeof PrismaBetterSQLite3>[0],
    private readonly onConnect: (connection: Database.Database) => void,
  ) {
    super(config);
  }

  override async connect() {
    const adapter = await super.connect();
    const connection = (adapter as unknown as { client?: Partial<Database.Database> }).client;
    // Duck-typed: a bundler may load better-sqlite3 twice, and instanceof would then fail on a real connection.
    if (typeof connection?.prepare !== "function" || typeof connection.exec !== "function") {
      throw new Error("@prisma/adapter-better-sqlite3 no longer exposes its connection as `client`");
    }
    this.onConnect(connection as Database.Database);
    return adapter;
  }
}

/**
 * The driver adapter for the configured database, shared by the app, the worker and the Prisma CLI.
 * `onSqliteConnection` receives the SQLite connection once the client opens it.
 */
export function createAdapterFactory(
  config: Config,
  {
    isCli = false,
    onSqliteConnection,
  }: { isCli?: boolean; onSqliteConnection?: (connection: Database.Database) => void } = {},
) {
  if (config.provider === "postgresql") {
    // The CLI leaves idle connections open for 10 s by default; closing them fast ends it promptly.
    return new PrismaPg({ connectionString: config.databaseUrl, ...(isCli ? { idleTimeoutMillis: 200 } : {}) });
  }
  const settings = { url: config.databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS };
  return onSqliteConnection
    ? new SharedConnectionSqlite(settings, onSqliteConnection)
    : new PrismaBetterSQLite3(settings);
}
