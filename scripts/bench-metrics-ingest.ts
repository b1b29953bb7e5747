// Benchmark (not a test): POST /api/runs/:id/metrics with batches of 100,000 points (the documented
// maximum) to a real server, next to raw better-sqlite3 inserts of the same points, and how long a
// 1-point write from another client waits meanwhile (the write lock a batch holds).
//   npm run bench:metrics-ingest [-- --batches 5 --points 100000 --postgres]   (BENCH_QUICK=1: 2 batches of 20,000)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { resolveConfig, sqlitePath } from "../lib/server/config";
import { deployMigrations } from "../lib/server/migrate";
import { createScratchDatabase, dropScratchDatabase } from "./local-services";
import { median } from "./median";
import { startServer } from "./spawn-server";

const TOKEN = "bench-token-0123456789";
const KEYS = 10;

export type MetricsIngestOptions = { batches: number; points: number; postgres?: boolean };

export type MetricsIngestResult = {
  engine: "sqlite" | "postgresql";
  batches: number;
  pointsPerBatch: number;
  /** POST of one batch, wall time (ms), median over batches */
  apiP50Ms: number;
  apiMaxMs: number;
  /** the same points inserted raw with a prepared statement, one transaction per batch (SQLite only) */
  rawP50Ms: number | null;
  /** longest wait of a 1-point POST to another run sent while the batches were written (the server's event loop and the lock) */
  probeMaxMs: number;
  probes: number;
  /** SQLite: longest wait of another connection for the write lock (BEGIN IMMEDIATE) meanwhile, as the worker would wait */
  lockWaitMaxMs: number | null;
  /** database size per stored point: MetricPoint and MetricBlock rows with their indexes */
  bytesPerPoint: number;
};

function batchPoints(batch: number, points: number): { step: number; key: string; value: number }[] {
  const steps = points / KEYS;
  return Array.from({ length: points }, (_, i) => {
    const step = batch * steps + Math.floor(i / KEYS);
    return { step, key: `bench/k${i % KEYS}`, value: Math.sin(step / 50 + (i % KEYS)) + (step % 997) / 1e4 };
  });
}

export async function benchMetricsIngest({
  batches,
  points,
  postgres = false,
}: MetricsIngestOptions): Promise<MetricsIngestResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-metrics-"));
  const pgName = `spikewatch_bench_metrics_${process.pid}`;
  const databaseUrl = postgres ? await createScratchDatabase(pgName) : "";
  const server = await startServer({
    SPIKEWATCH_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SPIKEWATCH_API_TOKEN: TOKEN,
    SPIKEWATCH_SAMPLE_DATA: "off",
  });
  try {
    const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const post = async (url: string, body: unknown) => {
      const res = await fetch(`${server.base}${url}`, { method: "POST", headers, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const { id } = (await post("/api/runs", { name: "bench-metrics" })) as { id: string };
    const { id: probeRun } = (await post("/api/runs", { name: "bench-probe" })) as { id: string };
    await post(`/api/runs/${id}/metrics`, { points: [{ step: 2_000_000_000, key: "warm-up", value: 0 }] });

    const apiTimes: number[] = [];
    const probeTimes: number[] = [];
    const lockWaits: number[] = [];
    const otherWriter = postgres
      ? null
      : new Database(sqlitePath(resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir }).databaseUrl), { timeout: 60_000 });
    for (let b = 0; b < batches; b++) {
      const body = { points: batchPoints(b, points) };
      let isWriting = true;
      const probing = (async () => {
        for (let step = b * 1_000; isWriting; step++) {
          const started = performance.now();
          await post(`/api/runs/${probeRun}/metrics`, { points: [{ step, key: "probe", value: step }] });
          probeTimes.push(performance.now() - started);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const locking = (async () => {
        while (otherWriter && isWriting) {
          const started = performance.now();
          otherWriter.exec(`BEGIN IMMEDIATE; UPDATE "Run" SET "id" = "id" WHERE 0; COMMIT`);
          lockWaits.push(performance.now() - started);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const started = performance.now();
      const result = await post(`/api/runs/${id}/metrics`, body);
      apiTimes.push(performance.now() - started);
      isWriting = false;
      await Promise.all([probing, locking]);
      if (result.inserted !== points) throw new Error(`batch ${b}: inserted ${String(result.inserted)} of ${points}`);
    }
    otherWriter?.close();
    const stored = batches * points + 1;
    const bytesPerPoint = postgres ? (await postgresBytes(databaseUrl)) / stored : sqliteBytes(dataDir) / stored;
    await server.stop();
    return {
      engine: postgres ? "postgresql" : "sqlite",
      batches,
      pointsPerBatch: points,
      apiP50Ms: median(apiTimes),
      apiMaxMs: Math.max(...apiTimes),
      rawP50Ms: postgres ? null : rawInsertP50Ms(batches, points),
      probeMaxMs: Math.max(...probeTimes),
      probes: probeTimes.length,
      lockWaitMaxMs: postgres ? null : Math.max(...lockWaits),
      bytesPerPoint,
    };
  } finally {
    await server.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (postgres) await dropScratchDatabase(pgName);
  }
}

/** Pages of the metric tables and their indexes (SQLite's dbstat), in bytes. */
function sqliteBytes(dataDir: string): number {
  const db = new Database(sqlitePath(resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir }).databaseUrl), { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT SUM("pgsize") AS "bytes" FROM "dbstat" WHERE "name" IN (SELECT "name" FROM "sqlite_master" WHERE "tbl_name" IN ('MetricPoint', 'MetricBlock'))`,
      )
      .get() as { bytes: number };
    return row.bytes;
  } finally {
    db.close();
  }
}

async function postgresBytes(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`VACUUM ANALYZE "MetricPoint", "MetricBlock"`);
    const { rows } = await client.query(
      `SELECT pg_total_relation_size('"MetricPoint"') + pg_total_relation_size('"MetricBlock"') AS "bytes"`,
    );
    return Number((rows[0] as { bytes: string }).bytes);
  } finally {
    await client.end();
  }
}

/**
 * The database's share: the same points inserted into a freshly migrated scratch file (WAL, as the
 * app runs) with one prepared statement, one transaction per batch; no validation, dedupe or pyramid.
 */
function rawInsertP50Ms(batches: number, points: number): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-raw-"));
  try {
    const config = resolveConfig({ SPIKEWATCH_DATA_DIR: dir });
    deployMigrations(config);
    const db = new Database(sqlitePath(config.databaseUrl));
    db.pragma("journal_mode = WAL");
    db.prepare(`INSERT INTO "Run" ("id", "name", "updatedAt") VALUES ('raw', 'raw', 0)`).run();
    const insert = db.prepare(`INSERT INTO "MetricPoint" ("runId", "key", "step", "value") VALUES ('raw', ?, ?, ?)`);
    const write = db.transaction((rows: { step: number; key: string; value: number }[]) => {
      for (const r of rows) insert.run(r.key, r.step, r.value);
    });
    const times: number[] = [];
    for (let b = 0; b < batches; b++) {
      const rows = batchPoints(b, points);
      const started = performance.now();
      write(rows);
      times.push(performance.now() - started);
    }
    db.close();
    return median(times);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.env.BENCH_QUICK === "1";
  const { values } = parseArgs({
    options: {
      batches: { type: "string", default: quick ? "2" : "5" },
      points: { type: "string", default: quick ? "20000" : "100000" },
      postgres: { type: "boolean" },
    },
  });
  const r = await benchMetricsIngest({
    batches: Number(values.batches),
    points: Number(values.points),
    postgres: values.postgres,
  });
  console.log(
    `${r.engine}: ${r.batches} POSTs of ${r.pointsPerBatch} points: p50 ${r.apiP50Ms.toFixed(0)} ms (max ${r.apiMaxMs.toFixed(0)})` +
      `${r.rawP50Ms === null ? "" : `, raw inserts p50 ${r.rawP50Ms.toFixed(0)} ms`}; a 1-point POST meanwhile waited at most ${r.probeMaxMs.toFixed(0)} ms (${r.probes} probes)` +
      `${r.lockWaitMaxMs === null ? "" : `, another connection waited at most ${r.lockWaitMaxMs.toFixed(0)} ms for the write lock`}; ` +
      `${r.bytesPerPoint.toFixed(0)} bytes per point`,
  );
}
