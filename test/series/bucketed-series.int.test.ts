import { describe, expect, it } from "vitest";
import { downsampleHealth } from "@/lib/domain/charts/health-rows";
import fc from "fast-check";
import { bruteForceMinMax, seriesArbitrary } from "@/lib/domain/series/test-series";
import { getHealthSeries } from "@/lib/server/health/get-health-series";
import { insertRows } from "@/lib/server/insert-rows";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { queryMetrics } from "@/lib/server/metrics/query-metrics";
import { createRun } from "@/lib/server/runs/create-run";
import { db, uniqueName } from "../helpers";

/** Counts of one StepHealth row: [turns, healthyToolCall, healthyResponse, textPollution, fullCollapse, rewardSum, rewardCount]. */
type Counts = [number, number, number, number, number, number, number];

async function newRun(): Promise<string> {
  return (await createRun(db(), { name: uniqueName("series") })).id;
}

async function storeHealth(runId: string, rows: { step: number; counts: Counts }[]): Promise<void> {
  const columns = [
    "runId",
    "step",
    "split",
    "rollouts",
    "turns",
    "healthyToolCall",
    "healthyResponse",
    "textPollution",
    "fullCollapse",
    "rewardSum",
    "rewardCount",
  ];
  await db().$transaction((tx) =>
    insertRows(
      tx,
      "StepHealth",
      columns,
      rows.map(({ step, counts }) => [runId, step, "train", 1, ...counts]),
    ),
  );
}

/** Deterministic pseudo-random numbers in [0, 1), so a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

async function metricSeries(runId: string, query: { maxPoints: number; fromStep?: number; toStep?: number }) {
  const [series] = await queryMetrics(db(), runId, { keys: ["m"], ...query });
  return series!;
}

describe("metric series read from the min/max pyramid", () => {
  it("keeps each aligned bucket's planted extremes (earliest step on ties) and one point for a flat bucket", async () => {
    const runId = await newRun();
    const planted = new Map([
      [1_234, -3],
      [1_800, -3],
      [5_678, 7],
    ]);
    await ingestMetrics(
      db(),
      runId,
      Array.from({ length: 10_000 }, (_, step) => ({ step, key: "m", value: planted.get(step) ?? 0.5 })),
    );

    // 20 points -> at most 10 buckets: width 1,024 gives buckets 0..9 over steps 0..9,999
    const series = await metricSeries(runId, { maxPoints: 20 });
    const flat = (b: number) => ({ step: b * 1_024, value: 0.5 });
    expect(series).toMatchObject({ totalPoints: 10_000, isDownsampled: true });
    expect(series.points).toEqual([
      flat(0),
      flat(1),
      { step: 1_234, value: -3 },
      flat(2),
      flat(3),
      flat(4),
      flat(5),
      { step: 5_678, value: 7 },
      flat(6),
      flat(7),
      flat(8),
      flat(9),
    ]);
  });

  it("equals brute-force min/max downsampling over random series, ingest orders, duplicates, budgets and zooms", async () => {
    // Each case is a fresh run ingested batch by batch (repeats keep the first value), then read at random ranges.
    await fc.assert(
      fc.asyncProperty(
        seriesArbitrary(),
        fc.array(fc.tuple(fc.integer({ min: 2, max: 120 }), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        async ({ points, batches }, reads) => {
          const runId = await newRun();
          for (const batch of batches)
            await ingestMetrics(
              db(),
              runId,
              batch.map((p) => ({ ...p, key: "m" })),
            );
          const last = points.reduce((m, p) => Math.max(m, p.step), 0);
          for (const [maxPoints, a, b] of reads) {
            const [fromStep, toStep] = [a % (last + 1), b % (last + 1)].sort((x, y) => x - y) as [number, number];
            const inRange = points.filter((p) => p.step >= fromStep && p.step <= toStep);
            const series = await metricSeries(runId, { maxPoints, fromStep, toStep });
            expect(series.totalPoints).toBe(inRange.length);
            expect(series.points, `maxPoints ${maxPoints}, ${fromStep}..${toStep}`).toEqual(
              bruteForceMinMax(inRange, maxPoints),
            );
          }
          const whole = await metricSeries(runId, { maxPoints: 2 });
          expect(whole.points).toEqual(bruteForceMinMax(points, 2));
        },
      ),
      { numRuns: 40, seed: 20_261_204 },
    );
  });

  it("returns a short series whole", async () => {
    const runId = await newRun();
    await ingestMetrics(db(), runId, [
      { step: 3, key: "m", value: 1 },
      { step: 1, key: "m", value: Number.NaN },
    ]);
    expect(await metricSeries(runId, { maxPoints: 10 })).toEqual({
      key: "m",
      totalPoints: 2,
      isDownsampled: false,
      points: [
        { step: 1, value: Number.NaN },
        { step: 3, value: 1 },
      ],
    });
  });
});

describe("health series bucketed in the database", () => {
  const steady: Counts = [64, 60, 2, 1, 1, 16, 16];

  it("keeps a collapsed step, one row per flat bucket, and the first row of an all-gap bucket", async () => {
    const runId = await newRun();
    const counts = (step: number): Counts =>
      step === 777 ? [64, 0, 2, 1, 61, 16, 16] : step >= 1_400 && step < 1_600 ? [0, 0, 0, 0, 0, 0, 0] : steady;
    await storeHealth(
      runId,
      Array.from({ length: 2_000 }, (_, step) => ({ step, counts: counts(step) })),
    );

    // 100 rows over 5 series -> 10 buckets of 200 steps
    const series = await getHealthSeries(db(), runId, { split: "train", maxPoints: 100 });
    expect(series).toMatchObject({ totalSteps: 2_000, isDownsampled: true });
    expect(series.points.map((p) => p.step)).toEqual([0, 200, 400, 600, 777, 800, 1_000, 1_200, 1_400, 1_600, 1_800]);
    expect(series.points.find((p) => p.step === 777)).toMatchObject({
      turns: 64,
      states: { healthy_tool_call: 0, full_collapse: 61 },
      meanReward: 1,
    });
    expect(series.points.find((p) => p.step === 1_400)).toMatchObject({ turns: 0, meanReward: null });
  });

  it("equals downsampleHealth on random counts with gaps and reward-less steps", async () => {
    const runId = await newRun();
    const next = random(11);
    const pick = (n: number) => Math.floor(next() * n);
    const rows = Array.from({ length: 1_500 }, (_, i) => {
      const turns = next() < 0.1 ? 0 : 1 + pick(8);
      const healthy = pick(turns + 1);
      const response = pick(turns - healthy + 1);
      const pollution = pick(turns - healthy - response + 1);
      const rewardCount = next() < 0.3 ? 0 : 1 + pick(4);
      const counts: Counts = [
        turns,
        healthy,
        response,
        pollution,
        turns - healthy - response - pollution,
        (rewardCount * pick(3)) / 2,
        rewardCount,
      ];
      return { step: i * 2 + pick(2), counts };
    });
    await storeHealth(runId, rows);

    const all = (await getHealthSeries(db(), runId, { split: "train", maxPoints: 10_000 })).points;
    expect(all).toHaveLength(1_500);
    for (const maxPoints of [10, 37, 200, 1_499]) {
      for (const [fromStep, toStep] of [
        [undefined, undefined],
        [500, 2_100],
      ] as const) {
        const inRange = all.filter((p) => p.step >= (fromStep ?? -Infinity) && p.step <= (toStep ?? Infinity));
        const series = await getHealthSeries(db(), runId, { split: "train", maxPoints, fromStep, toStep });
        expect(series.totalSteps).toBe(inRange.length);
        expect(series.points, `maxPoints ${maxPoints}, ${fromStep}..${toStep}`).toEqual(
          downsampleHealth(inRange, maxPoints),
        );
      }
    }
  });
});
