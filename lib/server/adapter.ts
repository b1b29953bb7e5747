import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type Database from "better-sqlite3";
import type { Config } from "./config";
import { shareTransactionClient } from "./postgres-transaction-client";
import { noteFault } from "./service-health/fault-log";
import { withTransientRetry } from "./write-retry";

/**
 * How long one SQLite statement waits inside the driver for another connection's write lock. The
 * driver is synchronous: a wait blocks the whole process (every request, every event stream), so it
 * is kept short and longer waits are retried asynchronously with backoff (`withTransientRetry`,
 * `withWriteRetry`), leaving the process free to answer in between.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 100;
/** The Prisma CLI (migrations) has nothing else to serve, so it simply waits. */
const CLI_SQLITE_BUSY_TIMEOUT_MS = 10_000;
/** A PostgreSQL lock wait longer than this fails (55P03) and is retried, so it shows in the log and the health report. */
export const POSTGRES_LOCK_TIMEOUT_MS = 5_000;
const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

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
    if (isCli) return new PrismaPg({ connectionString: config.databaseUrl, idleTimeoutMillis: 200 });
    return shareTransactionConnections(
      new PrismaPg(
        {
          connectionString: config.databaseUrl,
          options: `-c lock_timeout=${POSTGRES_LOCK_TIMEOUT_MS}`,
          connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
        },
        // A server restart drops idle pooled connections; the pool replaces them, the next query retries.
        {
          onPoolError: (error) => noteFault("database", error, "idle pooled connection"),
          onConnectionError: (error) => noteFault("database", error, "connection"),
        },
      ),
    );
  }
  if (isCli) return new PrismaBetterSQLite3({ url: config.databaseUrl, timeout: CLI_SQLITE_BUSY_TIMEOUT_MS });
  const settings = { url: config.databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS };
  return retryBusyStatements(
    onSqliteConnection ? new SharedConnectionSqlite(settings, onSqliteConnection) : new PrismaBetterSQLite3(settings),
  );
}

/** Lets postgresClientOf reach the connection of every transaction the adapter starts. */
function shareTransactionConnections(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => shareTransactionClient(await startTransaction(isolationLevel));
    return adapter;
  };
  return factory;
}

/**
 * Statements outside a transaction (a lease update, a job insert) are retried here when SQLite was
 * busy: a busy statement did nothing, so running it again is safe. Statements inside a transaction
 * are not: the whole transaction is retried by `withWriteRetry`.
 */
function retryBusyStatements<T extends PrismaBetterSQLite3>(factory: T): T {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.queryRaw = (query) => withTransientRetry("SQLite statement", () => queryRaw(query));
    adapter.executeRaw = (query) => withTransientRetry("SQLite statement", () => executeRaw(query));
    return adapter;
  };
  return factory;
}
