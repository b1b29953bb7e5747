import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Config } from "./config";

/** SQLite waits this long for another process's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** The driver adapter for the configured database, shared by the app, the worker and the Prisma CLI. */
export function createAdapterFactory(config: Config, { isCli = false } = {}) {
  if (config.provider === "postgresql") {
    // The CLI leaves idle connections open for 10 s by default; closing them fast ends it promptly.
    return new PrismaPg({ connectionString: config.databaseUrl, ...(isCli ? { idleTimeoutMillis: 200 } : {}) });
  }
  return new PrismaBetterSQLite3({ url: config.databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS });
}
