// A database of its own for a reliability suite, so its workers and claimers see only the suite's jobs
// (the shared test database holds other files' leftovers). Same engine as the rest of the run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { resolveConfig, type Config } from "@/lib/server/config";
import { createDb, type Db } from "@/lib/server/db";
import { createScratchDatabase, dropScratchDatabase } from "@/scripts/local-services";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

export type ScratchDatabase = {
  config: Config;
  db: Db;
  /** DATABASE_URL and SPIKEWATCH_DATA_DIR for processes started against it */
  env: Record<string, string>;
  drop: () => Promise<void>;
};

// Runs the committed migration files directly: the Prisma CLI takes 5-15 s per database on this
// machine, the SQL itself well under one.
function migrationFiles(config: Config): string[] {
  const dir = path.join(ROOT, "prisma", ...(config.provider === "postgresql" ? ["postgres"] : []), "migrations");
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{4}_/.test(name))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

/** Applies the committed migrations' SQL to an empty database. */
export async function migrate(config: Config): Promise<void> {
  if (config.provider === "sqlite") {
    const sqlite = new Database(config.databaseUrl.slice("file:".length));
    for (const sql of migrationFiles(config)) sqlite.exec(sql);
    sqlite.pragma("journal_mode = WAL"); // as deployMigrations leaves it: processes share the file
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    for (const sql of migrationFiles(config)) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, migrated database (PostgreSQL when SPIKEWATCH_TEST_DB=postgresql, else SQLite) and data directory. */
export async function createSuiteDatabase(label: string): Promise<ScratchDatabase> {
  const suite = await createEmptySuiteDatabase(label);
  await migrate(suite.config);
  return suite;
}

/** The same, empty: for `npm start`, which applies the migrations itself (and refuses tables it did not make). */
export async function createEmptySuiteDatabase(label: string): Promise<ScratchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `spikewatch-${label}-`));
  const isPostgres = process.env.SPIKEWATCH_TEST_DB === "postgresql";
  const dbName = `spikewatch_${label.replace(/\W/g, "_")}_${process.pid}_${Date.now()}`;
  const databaseUrl = isPostgres ? await createScratchDatabase(dbName) : `file:${path.join(dataDir, "suite.db")}`;
  const env = { DATABASE_URL: databaseUrl, SPIKEWATCH_DATA_DIR: dataDir };
  const config = resolveConfig(env);
  const db = createDb(config);
  return {
    config,
    db,
    env,
    drop: async () => {
      await db.$disconnect();
      if (isPostgres) await dropScratchDatabase(dbName);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
