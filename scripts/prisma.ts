// Prisma CLI wrapper that works offline: generate both clients, deploy migrations, add a migration.
//   tsx scripts/prisma.ts generate | deploy | new-migration <name> | check
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveConfig } from "../lib/server/config";
import { deployMigrations, prismaCliEnv, ROOT, runPrismaCli } from "../lib/server/migrate";
import { postgresSchemaFrom } from "./postgres-schema";

const SQLITE_SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
const PG_SCHEMA = path.join(ROOT, "prisma", "postgres", "schema.prisma");
const DIFF_PG_URL = process.env.SPIKEWATCH_DIFF_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function prisma(args: string[], env: NodeJS.ProcessEnv = prismaCliEnv()): string {
  return runPrismaCli(args, env);
}

function writePostgresSchema(): void {
  fs.mkdirSync(path.dirname(PG_SCHEMA), { recursive: true });
  fs.writeFileSync(PG_SCHEMA, postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
}

function generate(): void {
  writePostgresSchema();
  // generate needs a URL only to satisfy the datasource block; nothing connects.
  prisma(["generate", "--schema", SQLITE_SCHEMA], prismaCliEnv({ DATABASE_URL: "file:./unused.db" }));
  prisma(["generate", "--schema", PG_SCHEMA], prismaCliEnv({ DATABASE_URL: "postgresql://unused@127.0.0.1/unused" }));
}

function deploy(): void {
  const config = resolveConfig(process.env);
  deployMigrations(config);
  console.log(`migrations applied to ${config.provider === "sqlite" ? config.databaseUrl : "PostgreSQL"}`);
}

/** Writes a migration for both databases from the schema snapshot taken at the previous migration. */
function newMigration(name: string | undefined): void {
  if (!name || !/^[a-z0-9_]+$/.test(name))
    throw new Error("usage: new-migration <name> (lowercase letters, digits, _)");
  writePostgresSchema();
  for (const [schema, dir] of [
    [SQLITE_SCHEMA, path.join(ROOT, "prisma", "migrations")],
    [PG_SCHEMA, path.join(ROOT, "prisma", "postgres", "migrations")],
  ] as const) {
    fs.mkdirSync(dir, { recursive: true });
    const snapshot = path.join(dir, "schema.snapshot.prisma");
    const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
    // diff needs no database, but the config's adapter must open one of the matching kind.
    const url = schema === PG_SCHEMA ? DIFF_PG_URL : `file:${path.join(os.tmpdir(), "spikewatch-diff.db")}`;
    const sql = prisma(
      ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
      prismaCliEnv({ DATABASE_URL: url }),
    );
    const count = fs.readdirSync(dir).filter((f) => /^\d{4}_/.test(f)).length;
    const target = path.join(dir, `${String(count + 1).padStart(4, "0")}_${name}`);
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "migration.sql"), sql);
    fs.copyFileSync(schema, snapshot);
    const provider = schema === PG_SCHEMA ? "postgresql" : "sqlite";
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${provider}"\n`);
    console.log(`wrote ${path.relative(ROOT, target)}`);
  }
}

/** Fails when the PostgreSQL schema or the migrations lag behind prisma/schema.prisma. */
function check(): void {
  const expected = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  if (!fs.existsSync(PG_SCHEMA) || fs.readFileSync(PG_SCHEMA, "utf8") !== expected) {
    throw new Error("prisma/postgres/schema.prisma is stale: run `npm run db:generate`");
  }
  for (const [schema, dir] of [
    [SQLITE_SCHEMA, "prisma/migrations"],
    [PG_SCHEMA, "prisma/postgres/migrations"],
  ] as const) {
    const snapshot = path.join(ROOT, dir, "schema.snapshot.prisma");
    if (!fs.existsSync(snapshot) || fs.readFileSync(snapshot, "utf8") !== fs.readFileSync(schema, "utf8")) {
      throw new Error(`${dir} lacks a migration for the current schema: run \`npm run db:migration -- <name>\``);
    }
  }
  console.log("schema, PostgreSQL copy and migrations agree");
}

const [command, arg] = process.argv.slice(2);
if (command === "generate") generate();
else if (command === "deploy") deploy();
else if (command === "new-migration") newMigration(arg);
else if (command === "check") check();
else throw new Error(`unknown command ${command ?? "(none)"}: use generate | deploy | new-migration <name> | check`);
