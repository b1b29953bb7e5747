import { databaseEngineOf, type Db } from "./db";
import type { Tx } from "./tx";
import { withWriteRetry } from "./write-retry";

// Matches no row, but makes SQLite take the write lock (waiting out its busy timeout) right away.
const TAKE_SQLITE_WRITE_LOCK = 'UPDATE "Run" SET "id" = "id" WHERE 0';

/**
 * One read-then-write transaction, retried as `withWriteRetry` does. On SQLite its first statement
 * takes the write lock, so concurrent writers (other processes included) queue on the busy timeout
 * instead of reading first and failing with SQLITE_BUSY_SNAPSHOT when another writer commits between
 * their read and their write.
 */
export function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: { maxWait?: number; timeout?: number } = {}): Promise<T> {
  const isSqlite = databaseEngineOf(db) === "sqlite";
  return withWriteRetry(() =>
    db.$transaction(async (tx) => {
      if (isSqlite) await tx.$executeRawUnsafe(TAKE_SQLITE_WRITE_LOCK);
      return work(tx);
    }, options),
  );
}
