import { describe, expect, it } from "vitest";
import { sqliteConnectionOf } from "@/lib/server/db";
import { insertMetricPoints } from "@/lib/server/metrics/metric-point-rows";
import { createRun } from "@/lib/server/runs/create-run";
import { writeTransaction } from "@/lib/server/write-transaction";
import { db, uniqueName } from "../helpers";

// On SQLite the bulk statements run on the Prisma adapter's own connection; they must live and die
// with the Prisma transaction around them, as the PostgreSQL statements do.
describe("bulk metric statements inside a write transaction", () => {
  it("are rolled back with it when a later step fails, points and pyramid alike", async () => {
    const { id } = await createRun(db(), { name: uniqueName("rollback") });
    const sqlite = await sqliteConnectionOf(db());
    const points = new Map([
      ["loss", Array.from({ length: 1_000 }, (_, step) => ({ step, value: step === 7 ? Number.NaN : step / 10 }))],
    ]);
    await expect(
      writeTransaction(db(), async (tx) => {
        await insertMetricPoints(sqlite, tx, id, points);
        expect(await tx.metricPoint.count({ where: { runId: id } })).toBe(1_000); // visible inside the transaction
        throw new Error("a later step of the batch failed");
      }),
    ).rejects.toThrow("a later step of the batch failed");
    expect(await db().metricPoint.count({ where: { runId: id } })).toBe(0);
    expect(await db().metricBlock.count({ where: { runId: id } })).toBe(0);

    await writeTransaction(db(), (tx) => insertMetricPoints(sqlite, tx, id, points));
    expect(await db().metricPoint.count({ where: { runId: id } })).toBe(1_000);
    expect(await db().metricPoint.findFirst({ where: { runId: id, step: 7 } })).toMatchObject({
      value: null,
      nonFinite: "NaN",
    });
    const top = await db().metricBlock.findFirstOrThrow({ where: { runId: id, level: 10 } });
    expect(top).toMatchObject({
      count: 1_000,
      minStep: 0,
      minValue: 0,
      maxStep: 999,
      maxValue: 99.9,
      nonFiniteStep: 7,
      nonFinite: "NaN",
    });
  });
});
