// Benchmark (not a test): ingestion rate through the HTTP API (a real server process) against raw
// better-sqlite3 prepared-statement inserts of the same stored rows, and the time to import the ten
// shared ACEBench configurations with the CLI, each on a fresh data directory.
//   npm run bench:ingest [-- --rollouts 6000 --batch 500 --clients 1 --postgres]
// --postgres runs the API leg on a new database of the server at SPIKEWATCH_TEST_PG_URL (dropped after)
// and skips the SQLite-only legs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { parseAcebenchTable } from "../lib/domain/transcripts/parse-acebench-table";
import { resolveConfig, sqlitePath } from "../lib/server/config";
import { deployMigrations } from "../lib/server/migrate";
import { groupBy } from "../lib/utils/group-by";
import { createScratchDatabase, dropScratchDatabase } from "./local-services";
import { startServer } from "./spawn-server";

const ROOT = path.resolve(import.meta.dirname, "..");
const MULTI_TURN = path.resolve(ROOT, "..", "shared", "data", "acebench-dialogues", "multi_turn");
const TOKEN = "bench-token-0123456789";

export type IngestOptions = { rollouts: number; batch: number; clients: number; postgres?: boolean };

export type IngestResult = {
  engine: "sqlite" | "postgresql";
  rollouts: number;
  turns: number;
  apiRolloutsPerSecond: number;
  /** Raw prepared-statement inserts of the rows the API stored, one transaction per batch (SQLite only). */
  rawRolloutsPerSecond: number | null;
};

function realDialogues(): { messages: { role: string; content: string }[] }[] {
  return fs.readdirSync(MULTI_TURN).flatMap((folder) =>
    fs.readdirSync(path.join(MULTI_TURN, folder)).map((file) => {
      const parsed = parseAcebenchTable(fs.readFileSync(path.join(MULTI_TURN, folder, file), "utf8"));
      if (!parsed.ok) throw new Error(`${folder}/${file} does not parse`);
      return { messages: parsed.value.messages };
    }),
  );
}

/** POSTs real ACEBench rollouts in batches to a fresh server, then (SQLite) re-inserts the stored rows raw. */
export async function benchIngestion({ rollouts: total, batch, clients, postgres = false }: IngestOptions): Promise<IngestResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-"));
  const pgName = `spikewatch_bench_${process.pid}`;
  const databaseUrl = postgres ? await createScratchDatabase(pgName) : "";
  const server = await startServer({ SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SPIKEWATCH_API_TOKEN: TOKEN, SPIKEWATCH_SAMPLE_DATA: "off" });
  try {
    const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const { id } = (await (await fetch(`${server.base}/api/runs`, { method: "POST", headers, body: JSON.stringify({ name: "bench" }) })).json()) as { id: string };
    const dialogues = realDialogues();
    const rollouts = Array.from({ length: total }, (_, i) => ({ step: Math.floor(i / dialogues.length), sampleId: `d${i % dialogues.length}`, ...dialogues[i % dialogues.length]! }));
    const turns = rollouts.reduce((n, r) => n + r.messages.filter((m) => m.role === "assistant").length, 0);
    const batches: (typeof rollouts)[] = [];
    for (let i = 0; i < rollouts.length; i += batch) batches.push(rollouts.slice(i, i + batch));

    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < batches.length) {
        const body = JSON.stringify({ rollouts: batches[next++]! });
        const res = await fetch(`${server.base}/api/runs/${id}/rollouts`, { method: "POST", headers, body });
        if (!res.ok) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
      }
    }));
    const apiSeconds = (performance.now() - started) / 1000;
    await server.stop();
    const rawSeconds = postgres ? null : rawInsertSeconds(sqlitePath(resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir }).databaseUrl), batch);
    return {
      engine: postgres ? "postgresql" : "sqlite",
      rollouts: total,
      turns,
      apiRolloutsPerSecond: total / apiSeconds,
      rawRolloutsPerSecond: rawSeconds === null ? null : total / rawSeconds,
    };
  } finally {
    await server.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (postgres) await dropScratchDatabase(pgName);
  }
}

/**
 * The database's share of ingestion: the Rollout and Turn rows the API stored, re-inserted with
 * prepared statements into a freshly migrated scratch file (WAL, as the app runs), `batch` rollouts and
 * their turns per transaction. No parsing, classification, dedupe, step health or change feed.
 */
function rawInsertSeconds(sourceFile: string, batch: number): number {
  const source = new Database(sourceFile, { readonly: true });
  const run = source.prepare(`SELECT * FROM "Run"`).all() as Record<string, unknown>[];
  const rollouts = source.prepare(`SELECT * FROM "Rollout" ORDER BY "id"`).all() as Record<string, unknown>[];
  const turns = source.prepare(`SELECT * FROM "Turn" ORDER BY "rolloutId", "turn"`).all() as Record<string, unknown>[];
  source.close();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-raw-"));
  try {
    const config = resolveConfig({ SPIKEWATCH_DATA_DIR: dir });
    deployMigrations(config);
    const target = new Database(sqlitePath(config.databaseUrl));
    target.pragma("journal_mode = WAL");
    const insert = (table: string, row: Record<string, unknown>) =>
      target.prepare(`INSERT INTO "${table}" (${Object.keys(row).map((c) => `"${c}"`).join(", ")}) VALUES (${Object.keys(row).map(() => "?").join(", ")})`);
    insert("Run", run[0]!).run(...Object.values(run[0]!));
    const insertRollout = insert("Rollout", rollouts[0]!);
    const insertTurn = insert("Turn", turns[0]!);
    const turnsByRollout = groupBy(turns, (turn) => turn.rolloutId);
    const writeBatch = target.transaction((chunk: Record<string, unknown>[]) => {
      for (const rollout of chunk) {
        insertRollout.run(...Object.values(rollout));
        for (const turn of turnsByRollout.get(rollout.id) ?? []) insertTurn.run(...Object.values(turn));
      }
    });
    const started = performance.now();
    for (let i = 0; i < rollouts.length; i += batch) writeBatch(rollouts.slice(i, i + batch));
    const seconds = (performance.now() - started) / 1000;
    target.close();
    return seconds;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds for `spikewatch import acebench` of all shared configurations into a new SQLite database. */
export function benchCliImport(): number {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-cli-"));
  const folders = fs.readdirSync(MULTI_TURN).map((f) => path.join(MULTI_TURN, f));
  const started = performance.now();
  const res = spawnSync(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), "import", "acebench", ...folders], {
    cwd: ROOT, env: { ...process.env, SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: "" }, encoding: "utf8",
  });
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (res.status !== 0) throw new Error(res.stderr);
  return seconds;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { rollouts: { type: "string", default: "6000" }, batch: { type: "string", default: "500" }, clients: { type: "string", default: "1" }, postgres: { type: "boolean" } },
  });
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  if (!values.postgres) console.log(`CLI import of all ACEBench configurations (300 dialogues) into a new database, migrations included: ${benchCliImport().toFixed(2)} s`);
  const r = await benchIngestion({ rollouts: Number(values.rollouts), batch: Number(values.batch), clients: Number(values.clients), postgres: values.postgres });
  console.log(`API ingestion (${r.engine}): ${r.rollouts} real ACEBench rollouts (${r.turns} assistant turns) in batches of ${values.batch}, ${values.clients} client(s): ${r.apiRolloutsPerSecond.toFixed(0)} rollouts/s`);
  if (r.rawRolloutsPerSecond !== null) console.log(`raw better-sqlite3 inserts of the same rows: ${r.rawRolloutsPerSecond.toFixed(0)} rollouts/s (API = ${(r.apiRolloutsPerSecond / r.rawRolloutsPerSecond).toFixed(2)}× raw)`);
}
