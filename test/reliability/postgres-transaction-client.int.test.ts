import { describe, expect, it } from "vitest";
import { postgresClientOf } from "@/lib/server/postgres-transaction-client";
import { db, uniqueName } from "../helpers";

// Bulk inserts on PostgreSQL go past Prisma on the transaction's own connection (rollout-rows.ts,
// metric-point-rows.ts); a batch is all-or-nothing only if those statements are part of the transaction.
const skipReason = process.env.SPIKEWATCH_TEST_DB !== "postgresql" ? "runs in the PostgreSQL leg" : null;

describe.skipIf(skipReason)(`postgresClientOf${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  it("runs statements inside the Prisma transaction: they see its rows and roll back with it", async () => {
    const name = uniqueName("tx-client");
    const failure = new Error("the batch failed after its bulk insert");
    await expect(
      db().$transaction(async (tx) => {
        const run = await tx.run.create({ data: { name } });
        const client = await postgresClientOf(tx);
        const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "Run" WHERE "id" = $1`, [run.id]);
        expect(rows).toEqual([{ name }]); // Prisma's uncommitted row: the same transaction
        await client.query(`UPDATE "Run" SET "model" = 'bulk' WHERE "id" = $1`, [run.id]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await db().run.findUnique({ where: { name } })).toBeNull();
  });

  it("commits with the transaction, and each transaction gets its own connection", async () => {
    const names = [uniqueName("tx-client-a"), uniqueName("tx-client-b")];
    const backends = await Promise.all(
      names.map((name) =>
        db().$transaction(async (tx) => {
          const run = await tx.run.create({ data: { name } });
          const client = await postgresClientOf(tx);
          await client.query(`UPDATE "Run" SET "model" = 'bulk' WHERE "id" = $1`, [run.id]);
          const { rows } = await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS "pid"`);
          const prisma = await tx.$queryRawUnsafe<{ pid: number }[]>(`SELECT pg_backend_pid() AS "pid"`);
          expect(rows).toEqual(prisma);
          return rows[0]!.pid;
        }),
      ),
    );
    expect(new Set(backends).size).toBe(2);
    const stored = await db().run.findMany({ where: { name: { in: names } }, select: { model: true } });
    expect(stored.map((r) => r.model)).toEqual(["bulk", "bulk"]);
  });
});
