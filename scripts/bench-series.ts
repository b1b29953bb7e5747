// Benchmark (not a test): one metric series of 10k, 100k, 1M and 10M points downsampled to 1,000 points
// through GET /api/runs/:id/metrics on a real server (whole range and a zoomed range), next to a plain SQL
// scan of the same rows: the API's cost follows the points returned, the scan's the points stored.
//   npm run bench:series [-- --sizes 10000,100000,1000000,10000000 --repeats 9 --postgres]
//   BENCH_QUICK=1 npm run bench:series   (10k and 100k points, 3 repeats: a smoke run)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { resolveConfig } from "../lib/server/config";
import { createDb, type Db } from "../lib/server/db";
import { deployMigrations } from "../lib/server/migrate";
import { createRun } from "../lib/server/runs/create-run";
import { readMetricSeries } from "../lib/server/series/read-metric-series";
import { seedMetricSeries, timeRequests } from "./bench-dashboard";
import { createScratchDatabase, dropScratchDatabase } from "./local-services";
import { median, percentile } from "./median";
import { startServer } from "./spawn-server";

export type SeriesOptions = { sizes: number[]; maxPoints: number; repeats: number; postgres?: boolean };

export type SeriesSizeResult = {
  points: number;
  /** points in the answer (finite min/max per bucket) */
  returned: number;
  /** GET /metrics for the whole series, p50 and p95 of `repeats` (ms) */
  apiP50Ms: number;
  apiP95Ms: number;
  /** GET /metrics for a zoomed range (a tenth of the steps, off-centre), p50 (ms) */
  zoomP50Ms: number;
  /** readMetricSeries in this process: the database's share of the API time (ms, p50) */
  queryP50Ms: number;
  /** COUNT and SUM over the series' rows: one plain scan (ms, p50) */
  scanP50Ms: number;
  seedSeconds: number;
};

export type SeriesResult = {
  engine: "sqlite" | "postgresql";
  maxPoints: number;
  repeats: number;
  sizes: SeriesSizeResult[];
};

const KEY = "actor/entropy";
/** Untimed calls first, so the first size measured does not pay for JIT compilation and cold caches. */
const WARM_UP_CALLS = 5;

export async function benchSeriesQuery({
  sizes,
  maxPoints,
  repeats,
  postgres = false,
}: SeriesOptions): Promise<SeriesResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-series-"));
  const pgName = `spikewatch_bench_series_${process.pid}`;
  const databaseUrl = postgres ? await createScratchDatabase(pgName) : "";
  const config = resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  deployMigrations(config);
  const db = createDb(config);
  try {
    const runs: { id: string; points: number; seedSeconds: number }[] = [];
    for (const points of sizes) {
      const { id } = await createRun(db, { name: `bench-series-${points}` });
      const started = performance.now();
      await seedMetricSeries(db, id, KEY, 0, points); // through ingestMetrics, which builds the pyramid
      runs.push({ id, points, seedSeconds: (performance.now() - started) / 1000 });
    }
    if (postgres) await db.$executeRawUnsafe(`VACUUM ANALYZE "MetricPoint", "MetricBlock"`); // as autovacuum would after a bulk load

    const inProcess = [];
    for (const run of runs) {
      const zoom = zoomRange(run.points);
      inProcess.push({
        scan: median(await timeCalls(repeats, () => scan(db, run.id))),
        query: median(await timeCalls(repeats, () => readMetricSeries(db, run.id, [KEY], { maxPoints }))),
        returned: (await readMetricSeries(db, run.id, [KEY], { maxPoints })).get(KEY)!.points.length,
        zoom,
      });
    }
    await db.$disconnect(); // the server starts with the database to itself, as it would in use
    const server = await startServer({
      SPIKEWATCH_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SPIKEWATCH_SAMPLE_DATA: "off",
    });
    try {
      for (const run of runs) {
        for (let i = 0; i < WARM_UP_CALLS; i++) {
          const { series } = (await fetch(
            `${server.base}/api/runs/${run.id}/metrics?keys=${encodeURIComponent(KEY)}&maxPoints=${maxPoints}`,
          ).then((r) => r.json())) as { series: { totalPoints: number }[] };
          // A wrong answer is a broken measurement, not a slow one.
          if (series[0]?.totalPoints !== run.points)
            throw new Error(`series of ${run.points} points answered totalPoints ${series[0]?.totalPoints}`);
        }
      }
      const results: SeriesSizeResult[] = [];
      for (const [i, run] of runs.entries()) {
        const url = `${server.base}/api/runs/${run.id}/metrics?keys=${encodeURIComponent(KEY)}&maxPoints=${maxPoints}`;
        const apiTimes = await timeRequests(url, repeats);
        const { fromStep, toStep } = inProcess[i]!.zoom;
        const zoomTimes = await timeRequests(`${url}&fromStep=${fromStep}&toStep=${toStep}`, repeats);
        results.push({
          points: run.points,
          returned: inProcess[i]!.returned,
          seedSeconds: run.seedSeconds,
          apiP50Ms: median(apiTimes),
          apiP95Ms: percentile(apiTimes, 0.95),
          zoomP50Ms: median(zoomTimes),
          queryP50Ms: inProcess[i]!.query,
          scanP50Ms: inProcess[i]!.scan,
        });
      }
      return { engine: postgres ? "postgresql" : "sqlite", maxPoints, repeats, sizes: results };
    } finally {
      await server.stop();
    }
  } finally {
    await db.$disconnect();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (postgres) await dropScratchDatabase(pgName);
  }
}

/** A tenth of the steps, starting a third of the way in: neither end lines up with a pyramid block. */
function zoomRange(points: number): { fromStep: number; toStep: number } {
  const fromStep = Math.floor(points / 3) + 7;
  return { fromStep, toStep: fromStep + Math.floor(points / 10) };
}

function scan(db: Db, runId: string) {
  return db.$queryRaw`SELECT COUNT(*) AS "n", SUM("value") AS "sum" FROM "MetricPoint" WHERE "runId" = ${runId} AND "key" = ${KEY}`;
}

async function timeCalls(repeats: number, call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP_CALLS; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.env.BENCH_QUICK === "1";
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: quick ? "10000,100000" : "10000,100000,1000000,10000000" },
      repeats: { type: "string", default: quick ? "3" : "9" },
      postgres: { type: "boolean" },
    },
  });
  const r = await benchSeriesQuery({
    sizes: values.sizes.split(",").map(Number),
    maxPoints: 1_000,
    repeats: Number(values.repeats),
    postgres: values.postgres,
  });
  for (const s of r.sizes) {
    console.log(
      `${r.engine}: ${s.points.toLocaleString("en")} points (seeded in ${s.seedSeconds.toFixed(1)} s) to ${r.maxPoints} (${s.returned} returned): ` +
        `API p50 ${s.apiP50Ms.toFixed(1)} ms (p95 ${s.apiP95Ms.toFixed(1)}), zoomed ${s.zoomP50Ms.toFixed(1)} ms, query ${s.queryP50Ms.toFixed(1)} ms; raw scan ${s.scanP50Ms.toFixed(1)} ms`,
    );
  }
}
