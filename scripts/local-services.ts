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
  return adminQuery("SELECT 1").then(
    () => true,
    () => false,
  );
}

/**
 * A TCP port nothing listens on right now, for a server a test starts: any free one, or the first free
 * one of SPIKEWATCH_PORT_RANGE ("3330-3349") when several sessions share the machine and split ports.
 */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.SPIKEWATCH_PORT_RANGE ?? "");
  if (!range) return listenAt(0) as Promise<number>;
  for (let port = Number(range[1]); port <= Number(range[2]); port++) if ((await listenAt(port)) !== null) return port;
  throw new Error(`no free port in SPIKEWATCH_PORT_RANGE ${process.env.SPIKEWATCH_PORT_RANGE}`);
}

function listenAt(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(null));
    probe.listen(port, "127.0.0.1", () => {
      const { port: bound } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(bound));
    });
  });
}
