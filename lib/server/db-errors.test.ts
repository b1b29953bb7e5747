import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/local-services";
import { resolveConfig } from "./config";
import { createDb } from "./db";
import { classifyDbError, describeDbError } from "./db-errors";

// Real errors from the real drivers (better-sqlite3, pg, Prisma over both adapters), not look-alikes.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-db-errors-"));
const file = path.join(dir, "locked.db");
const setup = new Database(file);
setup.pragma("journal_mode = WAL");
setup.exec('CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "v" TEXT UNIQUE)');
setup.close();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function caught(work: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

/** Runs `work` while another connection holds SQLite's write lock (BEGIN IMMEDIATE). */
async function whileLocked<T>(work: () => Promise<T>): Promise<T> {
  const holder = new Database(file);
  holder.exec("BEGIN IMMEDIATE");
  try {
    return await work();
  } finally {
    holder.exec("ROLLBACK");
    holder.close();
  }
}

describe("classifyDbError", () => {
  it("calls SQLite's busy lock transient, from the driver and through Prisma's adapter", async () => {
    const driverError = await whileLocked(() =>
      caught(() => new Database(file, { timeout: 10 }).exec('INSERT INTO "T" ("v") VALUES (\'a\')')),
    );
    expect((driverError as { code: string }).code).toBe("SQLITE_BUSY");
    expect(classifyDbError(driverError)).toBe("transient");

    const db = createDb(resolveConfig({ DATABASE_URL: `file:${file}` }));
    // Inside a transaction the adapter does not retry: the error reaches the caller as Prisma reports it.
    const prismaError = await whileLocked(() =>
      caught(() => db.$transaction((tx) => tx.$executeRawUnsafe('INSERT INTO "T" ("v") VALUES (\'b\')'))),
    );
    expect(classifyDbError(prismaError)).toBe("transient");
    expect(describeDbError(prismaError)).toBe("SQLITE_BUSY: database is locked");

    await db.$executeRawUnsafe('INSERT INTO "T" ("v") VALUES (\'c\')');
    expect(classifyDbError(await caught(() => db.$executeRawUnsafe('INSERT INTO "T" ("v") VALUES (\'c\')')))).toBe(
      "conflict",
    );
    expect(classifyDbError(await caught(() => db.$executeRawUnsafe('INSERT INTO "Nope" VALUES (1)')))).toBeNull();
    await db.$disconnect();
  });

  it("calls a refused PostgreSQL connection transient, from pg and through Prisma's adapter", async () => {
    const url = `postgresql://postgres@127.0.0.1:${await freePort()}/none`;
    const client = new pg.Client({ connectionString: url });
    const driverError = await caught(() => client.connect());
    expect((driverError as { code: string }).code).toBe("ECONNREFUSED");
    expect(classifyDbError(driverError)).toBe("transient");

    const db = createDb(resolveConfig({ DATABASE_URL: url }));
    const prismaError = await caught(() => db.run.count());
    expect(classifyDbError(prismaError)).toBe("transient");
    await db.$disconnect();
  });

  it("names PostgreSQL's shutdown, lock and connection SQLSTATEs transient and serialization a conflict", () => {
    // pg's DatabaseError carries the SQLSTATE in `code`, as the server sent it.
    const sqlstate = (code: string, message: string) =>
      Object.assign(new pg.DatabaseError(message, 0, "error"), { code, severity: "FATAL" });
    for (const code of ["57P01", "57P03", "08006", "08001", "55P03", "53300"])
      expect(classifyDbError(sqlstate(code, "x"))).toBe("transient");
    expect(classifyDbError(sqlstate("40001", "could not serialize access"))).toBe("conflict");
    expect(classifyDbError(sqlstate("23503", "foreign key violation"))).toBeNull();
    expect(classifyDbError(new Error("Connection terminated unexpectedly"))).toBe("transient");
    expect(classifyDbError(new Error("boom"))).toBeNull();
    expect(classifyDbError(null)).toBeNull();
  });
});
