import fc from "fast-check";
import type { SeriesPoint } from "./series-summary";

// Test support (unit and integration suites): random series and an independent brute-force reference.

/** Values with many ties, a wide finite spread and the three non-finite values; never -0. */
const valueArbitrary = fc.oneof(
  fc.integer({ min: -4, max: 4 }).map((v) => v / 2),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => (v === 0 ? 0 : v)),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);

/**
 * A series as ingested: points in random order, cut into batches, with repeats of a step carrying
 * another value (ingest keeps the first). `points` are the values that win, one per step.
 */
export function seriesArbitrary(maxStep = 100_000): fc.Arbitrary<{ points: SeriesPoint[]; batches: SeriesPoint[][] }> {
  const step = fc.oneof(fc.nat(300), fc.nat(maxStep));
  return fc
    .record({
      sent: fc.array(fc.record({ step, value: valueArbitrary }), { minLength: 1, maxLength: 400 }),
      cuts: fc.uniqueArray(fc.nat(400), { maxLength: 6 }),
    })
    .map(({ sent, cuts }) => {
      const winners = new Map<number, SeriesPoint>();
      for (const p of sent) if (!winners.has(p.step)) winners.set(p.step, p);
      const bounds = [0, ...cuts.filter((c) => c > 0 && c < sent.length).sort((a, b) => a - b), sent.length];
      const batches = bounds.slice(1).map((end, i) => sent.slice(bounds[i], end));
      return { points: [...winners.values()], batches };
    });
}

/**
 * Min/max downsampling written out plainly: buckets of the smallest power-of-two width W whose
 * aligned buckets over [first, last] number at most floor(maxPoints / 2); per bucket the finite
 * minimum and maximum (earliest step on ties) and the first non-finite point, in step order.
 */
export function bruteForceMinMax(points: readonly SeriesPoint[], maxPoints: number): SeriesPoint[] {
  const sorted = [...points].sort((a, b) => a.step - b.step);
  if (sorted.length <= maxPoints) return sorted;
  const first = sorted[0]!.step;
  const last = sorted.at(-1)!.step;
  let width = 1;
  while (Math.floor(last / width) - Math.floor(first / width) + 1 > Math.floor(maxPoints / 2)) width *= 2;
  const out: SeriesPoint[] = [];
  const bucketIds = [...new Set(sorted.map((p) => Math.floor(p.step / width)))];
  for (const id of bucketIds) {
    const inBucket = sorted.filter((p) => Math.floor(p.step / width) === id);
    const finite = inBucket.filter((p) => Number.isFinite(p.value));
    const kept = new Set<SeriesPoint>();
    if (finite.length > 0) {
      const min = Math.min(...finite.map((p) => p.value));
      const max = Math.max(...finite.map((p) => p.value));
      kept.add(finite.find((p) => p.value === min)!);
      kept.add(finite.find((p) => p.value === max)!);
    }
    const nonFinite = inBucket.find((p) => !Number.isFinite(p.value));
    if (nonFinite) kept.add(nonFinite);
    out.push(...[...kept].sort((a, b) => a.step - b.step));
  }
  return out;
}
