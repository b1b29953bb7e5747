import { fromWireValue } from "../series/metric-value";
import type { SeriesPoint } from "../series/series-summary";
import type { MetricPointInput } from "./schemas";

/** A point of a batch that was not stored: its place in the batch and what holds its (key, step). */
export type DuplicatePoint = {
  index: number;
  step: number;
  key: string;
  takenBy: "stored" | "batch";
  isSameValue: boolean;
};

/** Replies list at most this many duplicates (a re-sent batch of 100,000 points would list them all). */
export const MAX_LISTED_DUPLICATES = 1_000;

export type MetricBatchResult = {
  inserted: number;
  duplicates: number;
  /** duplicates whose value differs from the one that holds their (key, step): a collision, not a retry */
  collisions: number;
  duplicatePoints: DuplicatePoint[];
};

/** Same value, NaN matching NaN (a retried NaN is a retry). */
export function isSameMetricValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

type Indexed = SeriesPoint & { index: number };

/**
 * Splits a batch by key, keeping the first point of each (key, step): later repeats in the batch are
 * duplicates taken by the batch. `stored` then names what the run already holds.
 */
export function groupMetricBatch(points: readonly MetricPointInput[]): {
  byKey: Map<string, Indexed[]>;
  duplicates: DuplicatePoint[];
} {
  const byKey = new Map<string, Map<number, Indexed>>();
  const duplicates: DuplicatePoint[] = [];
  points.forEach(({ key, step, value: wire }, index) => {
    const value = fromWireValue(wire);
    let steps = byKey.get(key);
    if (!steps) byKey.set(key, (steps = new Map()));
    const first = steps.get(step);
    if (first)
      duplicates.push({ index, step, key, takenBy: "batch", isSameValue: isSameMetricValue(first.value, value) });
    else steps.set(step, { step, value, index });
  });
  return { byKey: new Map([...byKey].map(([key, steps]) => [key, [...steps.values()]])), duplicates };
}

/** The points not stored yet, and the batch's duplicates (in batch order) with those already stored. */
export function separateStored(
  grouped: { byKey: Map<string, Indexed[]>; duplicates: DuplicatePoint[] },
  stored: Map<string, Map<number, number>>,
): { fresh: Map<string, SeriesPoint[]>; duplicates: DuplicatePoint[] } {
  const fresh = new Map<string, SeriesPoint[]>();
  const duplicates = [...grouped.duplicates];
  for (const [key, points] of grouped.byKey) {
    const held = stored.get(key);
    if (!held) {
      fresh.set(key, points); // the common case, an append: nothing stored in the batch's step range
      continue;
    }
    const kept: SeriesPoint[] = [];
    for (const { step, value, index } of points) {
      const storedValue = held.get(step);
      if (storedValue === undefined) kept.push({ step, value });
      else duplicates.push({ index, step, key, takenBy: "stored", isSameValue: isSameMetricValue(storedValue, value) });
    }
    if (kept.length > 0) fresh.set(key, kept);
  }
  return { fresh, duplicates: duplicates.sort((a, b) => a.index - b.index) };
}

/** The reply for a batch: counts, and the first MAX_LISTED_DUPLICATES duplicates. */
export function metricBatchResult(inserted: number, duplicates: readonly DuplicatePoint[]): MetricBatchResult {
  return {
    inserted,
    duplicates: duplicates.length,
    collisions: duplicates.filter((d) => !d.isSameValue).length,
    duplicatePoints: duplicates.slice(0, MAX_LISTED_DUPLICATES),
  };
}
