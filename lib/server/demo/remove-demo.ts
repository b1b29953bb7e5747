import type { Db } from "../db";
import { withWriteRetry } from "../write-retry";

/**
 * Deletes every run marked isDemo with all its rows (metrics, rollouts, turns, health, alerts,
 * events cascade). Real runs are never touched: the filter is the isDemo flag, never a name.
 */
export async function removeDemo(db: Db): Promise<{ runs: number; names: string[] }> {
  const runs = await db.run.findMany({ where: { isDemo: true }, select: { name: true }, orderBy: { name: "asc" } });
  const { count } = await withWriteRetry(() => db.run.deleteMany({ where: { isDemo: true } }));
  return { runs: count, names: runs.map((r) => r.name) };
}
