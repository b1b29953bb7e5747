import type { Db } from "../db";

/**
 * Every metric key a run logs, sorted. A GROUP BY in the database: Prisma's `distinct` would read
 * every point (a million for 10 keys x 100,000 steps) and dedupe them in JavaScript.
 */
export async function listMetricKeys(db: Db, runId: string): Promise<string[]> {
  const rows = await db.metricPoint.groupBy({ by: ["key"], where: { runId }, orderBy: { key: "asc" } });
  return rows.map((r) => r.key);
}
