import { SCORE_METRIC_KEY } from "@/lib/domain/charts/prepare-score-chart";
import type { MetricPointInput } from "@/lib/domain/ingest/schemas";
import { refreshCollapseVerdict } from "../collapse/refresh-collapse-verdict";
import type { Db } from "../db";
import { recordChanges, type Change } from "../events/change-feed";
import { assertRunExists } from "../runs/get-run";
import { writeTransaction } from "../write-transaction";

export type IngestMetricsResult = { inserted: number; duplicates: number };

const INSERT_CHUNK = 5_000;

/**
 * Stores metric points in one transaction. (run, key, step) is unique: the first value written wins
 * and a repeat (stored already, or earlier in the same batch) is counted as a duplicate, not an error.
 */
export async function ingestMetrics(db: Db, runId: string, points: readonly MetricPointInput[]): Promise<IngestMetricsResult> {
  await assertRunExists(db, runId);
  const seen = new Set<string>();
  const unique = points.filter((p) => !seen.has(pointKey(p)) && seen.add(pointKey(p)));

  return writeTransaction(
    db,
    async (tx) => {
      const stored = new Set<string>();
      for (const [key, range] of stepRangeByKey(unique)) {
        const rows = await tx.metricPoint.findMany({
          where: { runId, key, step: { gte: range.min, lte: range.max } },
          select: { step: true },
        });
        for (const row of rows) stored.add(pointKey({ key, step: row.step }));
      }
      const fresh = unique.filter((p) => !stored.has(pointKey(p)));
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        await tx.metricPoint.createMany({ data: fresh.slice(i, i + INSERT_CHUNK).map((p) => ({ runId, ...p })) });
      }
      await recordChanges(tx, runId, metricChanges(fresh));
      // The collapse detector reads the score; a new score point can confirm (never undo) an onset.
      if (fresh.some((p) => p.key === SCORE_METRIC_KEY)) await refreshCollapseVerdict(tx, runId);
      return { inserted: fresh.length, duplicates: points.length - fresh.length };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

function pointKey(p: { key: string; step: number }): string {
  return `${p.key}\u0000${p.step}`;
}

function stepRangeByKey(points: readonly MetricPointInput[]): Map<string, { min: number; max: number }> {
  const byKey = new Map<string, { min: number; max: number }>();
  for (const p of points) {
    const range = byKey.get(p.key);
    if (!range) byKey.set(p.key, { min: p.step, max: p.step });
    else {
      range.min = Math.min(range.min, p.step);
      range.max = Math.max(range.max, p.step);
    }
  }
  return byKey;
}

/** One change-feed row per distinct step range, naming the keys written over it (usually all of them). */
function metricChanges(points: readonly MetricPointInput[]): Change[] {
  const keysByRange = new Map<string, Extract<Change, { kind: "metrics" }>>();
  for (const [key, { min, max }] of stepRangeByKey(points)) {
    const change = keysByRange.get(`${min}:${max}`) ?? { kind: "metrics", keys: [], fromStep: min, toStep: max };
    change.keys.push(key);
    keysByRange.set(`${min}:${max}`, change);
  }
  return [...keysByRange.values()];
}
