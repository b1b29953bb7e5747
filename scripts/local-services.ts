// Throwaway databases and ports for the test suites and benchmarks on this machine.
import net from "node:net";
import pg from "pg";

/** The PostgreSQL server that tests and benchmarks create their scratch databases on. */
export const TEST_PG_URL = process.env.SPIKEWATCH_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the test server and returns its URL. */
export async function createScratchDatabase(name: string): Promise<string> {
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropScratchDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** True when the test server accepts a connection within 3 s. */
export async function isTestPostgresUp(): Promise<boolean> {
  return adminQuery("SELECT 1").then(() => true, () => false);
}

/** A TCP port nothing listens on right now, for a server a test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
