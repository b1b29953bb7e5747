// Benchmark (not a test): latency of one downsampled metric series over N points (default 1,000,000)
// through GET /api/runs/:id/metrics on a real server, against a raw SQL scan of the same rows.
//   npm run bench:series [-- --points 1000000 --repeats 9 --postgres]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { resolveConfig } from "../lib/server/config";
import { createDb } from "../lib/server/db";
import { deployMigrations } from "../lib/server/migrate";
import { createRun } from "../lib/server/runs/create-run";
import { readMetricSeries } from "../lib/server/series/read-metric-series";
import { seedMetricSeries, timeRequests } from "./bench-dashboard";
import { createScratchDatabase, dropScratchDatabase } from "./local-services";
import { median, percentile } from "./median";
import { startServer } from "./spawn-server";

export type SeriesOptions = { points: number; maxPoints: number; repeats: number; postgres?: boolean };

export type SeriesResult = {
  engine: "sqlite" | "postgresql";
  points: number;
  maxPoints: number;
  /** GET /metrics for one key, p50 and p95 of `repeats` (ms) */
  apiP50Ms: number;
  apiP95Ms: number;
  /** selectMetricSeries in this process: the database's share of the API time (ms, p50) */
  queryP50Ms: number;
  /** COUNT and SUM over the same rows: one plain scan (ms, p50) */
  scanP50Ms: number;
  seedSeconds: number;
};

const KEY = "actor/entropy";

export async function benchSeriesQuery({ points, maxPoints, repeats, postgres = false }: SeriesOptions): Promise<SeriesResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-series-"));
  const pgName = `spikewatch_bench_series_${process.pid}`;
  const databaseUrl = postgres ? await createScratchDatabase(pgName) : "";
  const config = resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  deployMigrations(config);
  const db = createDb(config);
  try {
    const { id } = await createRun(db, { name: "bench-series" });
    const seedStarted = performance.now();
    await seedMetricSeries(db, id, KEY, 0, points);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    if (postgres) await db.$executeRawUnsafe(`VACUUM ANALYZE "MetricPoint"`); // as autovacuum would after a bulk load

    const scanTimes = await timeCalls(repeats, () => db.$queryRaw`SELECT COUNT(*) AS "n", SUM("value") AS "sum" FROM "MetricPoint" WHERE "runId" = ${id} AND "key" = ${KEY}`);
    const queryTimes = await timeCalls(repeats, () => readMetricSeries(db, id, [KEY], { maxPoints }));
    await db.$disconnect(); // the server starts with the database to itself, as it would in use
    const server = await startServer({ SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SPIKEWATCH_SAMPLE_DATA: "off" });
    try {
      const apiTimes = await timeRequests(`${server.base}/api/runs/${id}/metrics?keys=${encodeURIComponent(KEY)}&maxPoints=${maxPoints}`, repeats);
      return {
        engine: postgres ? "postgresql" : "sqlite", points, maxPoints, seedSeconds,
        apiP50Ms: median(apiTimes), apiP95Ms: percentile(apiTimes, 0.95), queryP50Ms: median(queryTimes), scanP50Ms: median(scanTimes),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await db.$disconnect();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (postgres) await dropScratchDatabase(pgName);
  }
}

async function timeCalls(repeats: number, call: () => Promise<unknown>): Promise<number[]> {
  await call();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { points: { type: "string", default: "1000000" }, repeats: { type: "string", default: "9" }, postgres: { type: "boolean" } } });
  const r = await benchSeriesQuery({ points: Number(values.points), maxPoints: 1_000, repeats: Number(values.repeats), postgres: values.postgres });
  console.log(`${r.engine}: ${r.points} points seeded in ${r.seedSeconds.toFixed(1)} s; one series downsampled to ${r.maxPoints}: ` +
    `API p50 ${r.apiP50Ms.toFixed(0)} ms (p95 ${r.apiP95Ms.toFixed(0)}), query ${r.queryP50Ms.toFixed(0)} ms, raw scan ${r.scanP50Ms.toFixed(0)} ms`);
}
