/**
 * The one place that tells which database errors are worth retrying, for every caller: write
 * transactions, the worker loop and its lease reaper, the event streams and the health report.
 *
 * - `conflict`: the statement lost a race with a concurrent writer (unique key P2002 or 23505, serialization
 *   P2034/40001, deadlock 40P01, SQLite's BUSY_SNAPSHOT). Running the whole transaction again sees
 *   the other writer's rows.
 * - `transient`: the database was busy or unreachable for a while (SQLite's lock held by another
 *   process, a PostgreSQL lock wait over `lock_timeout`, a restart, a dropped or refused connection,
 *   a socket or pool timeout). The same work can succeed once it is back.
 * - null: anything else (bad input, a bug, a missing table): retrying cannot help.
 */
export type DbErrorKind = "conflict" | "transient";

const CONFLICT_CODES = new Set([
  "P2002",
  "P2034",
  "40001",
  "40P01",
  "23505", // unique_violation, as pg reports it for statements sent past Prisma (postgresClientOf)
  "SQLITE_BUSY_SNAPSHOT",
  "TransactionWriteConflict",
  "UniqueConstraintViolation",
]);

const TRANSIENT_CODES = new Set([
  // Prisma: can't reach the server, connect timeout, operation timed out (the SQLite adapter's
  // SQLITE_BUSY), server closed the connection, pool timeout, transaction expired or never started.
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
  // SQLite: the database or a table is locked by another connection.
  "SQLITE_BUSY",
  "SQLITE_BUSY_RECOVERY",
  "SQLITE_BUSY_TIMEOUT",
  "SQLITE_LOCKED",
  "SQLITE_LOCKED_SHAREDCACHE",
  // PostgreSQL SQLSTATE: admin/crash shutdown, starting up, connection exceptions, too many
  // connections, lock_timeout, a cancelled statement (statement_timeout).
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "53300",
  "55P03",
  "57014",
  // Socket errors, as Node and the pg driver report them.
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  // Driver adapter error kinds.
  "SocketTimeout",
  "ConnectionClosed",
  "DatabaseNotReachable",
  "TooManyConnections",
]);

const TRANSIENT_TEXT =
  /database is locked|database table is locked|Connection terminated|terminating connection|the database system is (starting up|shutting down|in recovery mode)|server closed the connection|Client has encountered a connection error|Connection refused|timeout exceeded when trying to connect|Timed out fetching a new connection/i;
const CONFLICT_TEXT = /could not serialize access|deadlock detected/i;

type ErrorFields = {
  code?: unknown;
  message?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  originalMessage?: unknown;
  cause?: unknown;
  meta?: unknown;
  errors?: unknown;
};

/** Every code and message on the error, its Prisma driver-adapter cause and its `cause` chain. */
function signals(error: unknown, depth = 0): { codes: string[]; texts: string[] } {
  if (typeof error !== "object" || error === null || depth > 4) return { codes: [], texts: [] };
  const e = error as ErrorFields;
  const codes = [e.code, e.kind, e.originalCode].filter((v): v is string => typeof v === "string");
  const texts = [e.message, e.originalMessage].filter((v): v is string => typeof v === "string");
  const adapterCause = (e.meta as { driverAdapterError?: { cause?: unknown } } | undefined)?.driverAdapterError?.cause;
  const nested = [adapterCause, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])].map((inner) =>
    signals(inner, depth + 1),
  );
  return { codes: [...codes, ...nested.flatMap((n) => n.codes)], texts: [...texts, ...nested.flatMap((n) => n.texts)] };
}

export function classifyDbError(error: unknown): DbErrorKind | null {
  const { codes, texts } = signals(error);
  if (codes.some((c) => CONFLICT_CODES.has(c))) return "conflict";
  if (codes.some((c) => TRANSIENT_CODES.has(c))) return "transient";
  // Messages only when no code says more (pg's "Connection terminated unexpectedly" carries none).
  const text = texts.join("\n");
  if (CONFLICT_TEXT.test(text)) return "conflict";
  return TRANSIENT_TEXT.test(text) ? "transient" : null;
}

/** SQLite's write lock was taken when this statement wanted it: ordinary between processes if brief. */
export function isSqliteBusy(error: unknown): boolean {
  return signals(error).codes.some((c) => c.startsWith("SQLITE_BUSY") || c.startsWith("SQLITE_LOCKED"));
}

export function isTransientDbError(error: unknown): boolean {
  return classifyDbError(error) === "transient";
}

/**
 * One line naming the error for logs and the health report: the driver's own code and message
 * (the innermost ones, e.g. SQLITE_BUSY "database is locked" under Prisma's P1008).
 */
export function describeDbError(error: unknown): string {
  const { codes, texts } = signals(error);
  const code = codes.findLast((c) => TRANSIENT_CODES.has(c) || CONFLICT_CODES.has(c)) ?? codes.at(-1);
  // Prisma's messages open with the call site and end with what went wrong: keep the last line.
  const text = texts.findLast((t) => t.trim() !== "" && t !== code) ?? String(error);
  const message = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1)!
    .slice(0, 300);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
