import type Database from "better-sqlite3";

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement on a better-sqlite3 connection, cached per connection and SQL text. Numbers
 * come back as JavaScript numbers (the Prisma adapter turns BigInt mode on for the connection; steps,
 * counts and ids here fit in 53 bits). `sql` must be a code constant; values are bound.
 */
export function prepared(connection: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    if (statement.reader) statement.safeIntegers(false);
    cache.set(sql, statement);
  }
  return statement;
}
