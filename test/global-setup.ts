import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveConfig } from "../lib/server/config";
import { deployMigrations } from "../lib/server/migrate";
import { createScratchDatabase, dropScratchDatabase } from "../scripts/local-services";

/**
 * Gives the integration suite a fresh, migrated database: a temporary SQLite file by default, or a
 * new database on the PostgreSQL server when SPIKEWATCH_TEST_DB=postgresql (same suite, both engines).
 * Dropped again afterwards. Route handlers read their settings from this process's environment.
 */
export const TEST_API_TOKEN = "test-token-0123456789abcdef";
export const TEST_MAX_BODY_BYTES = 8 * 1024 * 1024;

export default async function setup(): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-int-"));
  const isPostgres = process.env.SPIKEWATCH_TEST_DB === "postgresql";
  const dbName = `spikewatch_test_${process.pid}_${Date.now()}`;
  const databaseUrl = isPostgres ? await createScratchDatabase(dbName) : `file:${path.join(dataDir, "test.db")}`;
  Object.assign(process.env, {
    SPIKEWATCH_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SPIKEWATCH_API_TOKEN: TEST_API_TOKEN,
    SPIKEWATCH_MAX_BODY_BYTES: String(TEST_MAX_BODY_BYTES),
  });
  deployMigrations(resolveConfig(process.env));

  return async () => {
    if (isPostgres) await dropScratchDatabase(dbName);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
