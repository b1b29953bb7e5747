import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { createRun } from "@/lib/server/runs/create-run";
import { db, uniqueName } from "../helpers";

// Migration 0007 builds the pyramid of the series stored before it, in SQL; ingest builds it in code.
// Both must give the same blocks (finite values: nothing non-finite was storable before 0007).
const MIGRATION = path.join(
  import.meta.dirname,
  "..",
  "..",
  "prisma",
  process.env.SPIKEWATCH_TEST_DB === "postgresql" ? "postgres/migrations" : "migrations",
  "0007_metric_non_finite_and_pyramid",
  "migration.sql",
);

describe("migration 0007's pyramid backfill", () => {
  it("builds the same blocks as ingest for stored series", async () => {
    const { id } = await createRun(db(), { name: uniqueName("backfill") });
    const values = [0.5, -2, 3, 3, 0.25, -2, 7.125];
    const points = Array.from({ length: 5_000 }, (_, i) => ({
      step: i * 3 + (i % 7),
      key: i % 2 ? "a" : "b",
      value: values[(i * 5) % 7]! * (1 + (i % 11)),
    }));
    await ingestMetrics(db(), id, points);
    const select = {
      key: true,
      level: true,
      block: true,
      count: true,
      minStep: true,
      minValue: true,
      maxStep: true,
      maxValue: true,
      nonFiniteStep: true,
    };
    const order = [{ key: "asc" as const }, { level: "asc" as const }, { block: "asc" as const }];
    const byIngest = await db().metricBlock.findMany({ where: { runId: id }, select, orderBy: order });

    await db().metricBlock.deleteMany({ where: { runId: id } });
    const migration = fs.readFileSync(MIGRATION, "utf8");
    const backfill = migration.slice(migration.indexOf("\n", migration.indexOf("-- Backfill")));
    // The migration reads every run; here only this test's run, so other tests' rows are left alone.
    const statements = backfill
      .replaceAll(`FROM "MetricPoint") AS "p"`, `FROM "MetricPoint" WHERE "runId" = '${id}') AS "p"`)
      .split(";");
    for (const statement of statements.filter((s) => s.includes("INSERT"))) await db().$executeRawUnsafe(statement);

    expect(await db().metricBlock.findMany({ where: { runId: id }, select, orderBy: order })).toEqual(byIngest);
    expect(byIngest.length).toBeGreaterThan(10 * 2);
  });
});
