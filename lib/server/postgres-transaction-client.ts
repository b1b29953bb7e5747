import { randomUUID } from "node:crypto";
import type pg from "pg";

/**
 * The pg connection under a Prisma interactive transaction on PostgreSQL, for bulk statements with large
 * parameters: Prisma's query compiler copies every parameter through its WebAssembly module, about
 * 100 ms of the request thread for the 2.3 MB JSON of a batch of 500 rollouts, where pg sends it as is.
 * Statements on it are part of the transaction (same connection, between Prisma's BEGIN and COMMIT).
 *
 * How the connection is found: the adapter (adapter.ts, `shareTransactionConnections`) wraps each
 * transaction it starts; a marker statement sent through `tx` reaches that transaction's executeRaw,
 * which hands its connection over instead of running the statement.
 */
export async function postgresClientOf(tx: PrismaTransaction): Promise<pg.PoolClient> {
  const id = randomUUID();
  await tx.$executeRawUnsafe(`${MARKER_PREFIX}${id} */`);
  const client = handedOver.get(id);
  handedOver.delete(id);
  if (!client) throw new Error("postgresClientOf: the PostgreSQL adapter does not share transaction connections");
  return client;
}

// Structural, not `Tx`: tx.ts imports db.ts, which imports the adapter, which imports this module.
type PrismaTransaction = { $executeRawUnsafe(query: string): Promise<number> };

const MARKER_PREFIX = "/* spikewatch:transaction-client ";
const MARKER = /^\/\* spikewatch:transaction-client ([0-9a-f-]{36}) \*\/$/;

// On globalThis: Next bundles this module into several chunks, each with its own module scope.
const handedOver = ((
  globalThis as { spikewatchTransactionClients?: Map<string, pg.PoolClient> }
).spikewatchTransactionClients ??= new Map());

// Method syntax: the adapter's own query type (more fields than `sql`) is accepted.
type Transaction = { executeRaw(query: { sql: string }): Promise<number> };

/** Wraps a transaction of @prisma/adapter-pg so postgresClientOf can reach its connection (`client`). */
export function shareTransactionClient<T extends Transaction>(transaction: T): T {
  const client = (transaction as unknown as { client?: Partial<pg.PoolClient> }).client;
  if (typeof client?.query !== "function")
    throw new Error("@prisma/adapter-pg no longer exposes a transaction's connection as `client`");
  const executeRaw = transaction.executeRaw.bind(transaction);
  (transaction as Transaction).executeRaw = async (query) => {
    const marker = MARKER.exec(query.sql);
    if (!marker) return executeRaw(query);
    handedOver.set(marker[1]!, client as pg.PoolClient);
    return 0;
  };
  return transaction;
}
