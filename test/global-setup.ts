import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { resolveConfig } from "../lib/server/config";
import { deployMigrations } from "../lib/server/migrate";

/**
 * Gives the integration suite a fresh, migrated database: a temporary SQLite file by default, or a
 * new database on the PostgreSQL server when SPIKEWATCH_TEST_DB=postgresql (same suite, both engines).
 * Dropped again afterwards. Route handlers read their settings from this process's environment.
 */
export const TEST_API_TOKEN = "test-token-0123456789abcdef";
export const TEST_MAX_BODY_BYTES = 8 * 1024 * 1024;
const PG_ADMIN_URL = process.env.SPIKEWATCH_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup(): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-int-"));
  const isPostgres = process.env.SPIKEWATCH_TEST_DB === "postgresql";
  const dbName = `spikewatch_test_${process.pid}_${Date.now()}`;
  let databaseUrl = `file:${path.join(dataDir, "test.db")}`;
  if (isPostgres) {
    await adminQuery(`CREATE DATABASE "${dbName}"`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  Object.assign(process.env, {
    SPIKEWATCH_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SPIKEWATCH_API_TOKEN: TEST_API_TOKEN,
    SPIKEWATCH_MAX_BODY_BYTES: String(TEST_MAX_BODY_BYTES),
  });
  deployMigrations(resolveConfig(process.env));

  return async () => {
    if (isPostgres) await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
