import { databaseEngineOf, type Db } from "./db";
import { CHANGE_CHANNEL, wakeStreams, wasFeedWritten } from "./events/change-signal";
import type { Tx } from "./tx";
import { withWriteRetry } from "./write-retry";

// Matches no row, but makes SQLite take the write lock (waiting out its busy timeout) right away.
const TAKE_SQLITE_WRITE_LOCK = 'UPDATE "Run" SET "id" = "id" WHERE 0';

/**
 * One read-then-write transaction, retried as `withWriteRetry` does. On SQLite its first statement
 * takes the write lock, so concurrent writers (other processes included) queue on the busy timeout
 * instead of reading first and failing with SQLITE_BUSY_SNAPSHOT when another writer commits between
 * their read and their write. A transaction that appended to the change feed wakes the event streams
 * once it commits: this process's at once, other processes' (and hosts') by a PostgreSQL NOTIFY,
 * which the server delivers only on commit.
 */
export async function writeTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: { maxWait?: number; timeout?: number } = {},
): Promise<T> {
  const isSqlite = databaseEngineOf(db) === "sqlite";
  let isFeedWritten = false;
  const result = await withWriteRetry(() =>
    db.$transaction(async (tx) => {
      if (isSqlite) await tx.$executeRawUnsafe(TAKE_SQLITE_WRITE_LOCK);
      const value = await work(tx);
      isFeedWritten = wasFeedWritten(tx);
      if (isFeedWritten && !isSqlite) await tx.$executeRawUnsafe(`NOTIFY ${CHANGE_CHANNEL}`);
      return value;
    }, options),
  );
  if (isFeedWritten) wakeStreams();
  return result;
}
