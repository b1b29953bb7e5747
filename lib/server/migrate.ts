import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sqlitePath, type Config } from "./config";
import type { Db } from "./db";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const PRISMA_BIN = path.join(ROOT, "node_modules", "prisma", "build", "index.js");

/** Environment for the Prisma CLI offline: it insists on engine paths even with engine "js". */
export function prismaCliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dummy = path.join(os.tmpdir(), "spikewatch-prisma-offline-dummy");
  if (!fs.existsSync(dummy)) fs.writeFileSync(dummy, "");
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: dummy,
    PRISMA_QUERY_ENGINE_LIBRARY: dummy,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    ...extra,
  };
}

export function runPrismaCli(args: string[], env: NodeJS.ProcessEnv = prismaCliEnv()): string {
  return execFileSync(process.execPath, [PRISMA_BIN, ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Applies pending migrations of the configured database (creating the data directory and SQLite file). */
export function deployMigrations(config: Config): void {
  fs.mkdirSync(config.dataDir, { recursive: true });
  runPrismaCli(["migrate", "deploy"], prismaCliEnv({ DATABASE_URL: config.databaseUrl }));
  if (config.provider === "sqlite") {
    // WAL lets the web app read while the worker or an import writes; the mode persists in the file.
    const sqlite = new Database(sqlitePath(config.databaseUrl));
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  }
}

function migrationNames(config: Config): string[] {
  const dir = path.join(ROOT, "prisma", ...(config.provider === "postgresql" ? ["postgres"] : []), "migrations");
  return fs.readdirSync(dir).filter((name) => /^\d{4}_/.test(name));
}

/** Deploys migrations only when some are not applied yet, so CLI commands start fast on a ready database. */
export async function ensureMigrated(db: Db, config: Config): Promise<void> {
  let applied = new Set<string>();
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    applied = new Set(rows.map((r) => r.migration_name));
  } catch {
    // no migrations table yet: a new database
  }
  if (migrationNames(config).some((name) => !applied.has(name))) deployMigrations(config);
}
