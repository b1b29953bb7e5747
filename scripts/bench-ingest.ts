// Benchmark (not a test): ingestion rate through the HTTP API (a real server process) against raw
// inserts of the same stored rows (better-sqlite3 prepared statements; on PostgreSQL multi-row INSERTs
// by as many writers as clients), and the time to import the ten shared ACEBench configurations with
// the CLI, each on a fresh data directory.
//   npm run bench:ingest [-- --rollouts 6000 --batch 500 --clients 1 --postgres]
// --postgres runs both legs on new databases of the server at SPIKEWATCH_TEST_PG_URL (dropped after)
// and skips the CLI leg.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
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
  /** A warm server: the second pass of the same rollouts, into a second run. */
  apiRolloutsPerSecond: number;
  /** The first pass, right after the server started. */
  coldApiRolloutsPerSecond: number;
  /**
   * Raw inserts of the rows the API stored, one transaction per batch, by as many writers as the API had
   * clients: SQLite prepared statements, PostgreSQL multi-row INSERTs.
   */
  rawRolloutsPerSecond: number;
  clients: number;
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
export async function benchIngestion({
  rollouts: total,
  batch,
  clients,
  postgres = false,
}: IngestOptions): Promise<IngestResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-"));
  const pgName = `spikewatch_bench_${process.pid}`;
  const databaseUrl = postgres ? await createScratchDatabase(pgName) : "";
  const server = await startServer({
    SPIKEWATCH_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SPIKEWATCH_API_TOKEN: TOKEN,
    SPIKEWATCH_SAMPLE_DATA: "off",
  });
  try {
    const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const createRun = async (name: string) =>
      (
        (await (
          await fetch(`${server.base}/api/runs`, { method: "POST", headers, body: JSON.stringify({ name }) })
        ).json()) as { id: string }
      ).id;
    const dialogues = realDialogues();
    const rollouts = Array.from({ length: total }, (_, i) => ({
      step: Math.floor(i / dialogues.length),
      sampleId: `d${i % dialogues.length}`,
      ...dialogues[i % dialogues.length]!,
    }));
    const turns = rollouts.reduce((n, r) => n + r.messages.filter((m) => m.role === "assistant").length, 0);
    const batches: (typeof rollouts)[] = [];
    for (let i = 0; i < rollouts.length; i += batch) batches.push(rollouts.slice(i, i + batch));

    const postAll = async (runId: string): Promise<number> => {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < batches.length) {
            const body = JSON.stringify({ rollouts: batches[next++]! });
            const res = await fetch(`${server.base}/api/runs/${runId}/rollouts`, { method: "POST", headers, body });
            if (!res.ok) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
          }
        }),
      );
      return (performance.now() - started) / 1000;
    };
    // The first batches after a start run cold code (the JIT has not compiled the parser and classifier yet);
    // a trainer posts for hours, so the figure is a second pass into another run, the first reported beside it.
    const coldSeconds = await postAll(await createRun("bench-warm-up"));
    const id = await createRun("bench");
    const apiSeconds = await postAll(id);
    await server.stop();
    const rawSeconds = postgres
      ? await rawPostgresInsertSeconds(databaseUrl, id, batch, clients)
      : rawInsertSeconds(sqlitePath(resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir }).databaseUrl), id, batch);
    return {
      engine: postgres ? "postgresql" : "sqlite",
      rollouts: total,
      turns,
      clients,
      apiRolloutsPerSecond: total / apiSeconds,
      coldApiRolloutsPerSecond: total / coldSeconds,
      rawRolloutsPerSecond: total / rawSeconds,
    };
  } finally {
    await server.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (postgres) await dropScratchDatabase(pgName);
  }
}

/**
 * PostgreSQL's share of ingestion: the Rollout and Turn rows the API stored in the timed run, re-inserted into a freshly
 * migrated scratch database by `clients` concurrent connections, `batch` rollouts and their turns per
 * transaction, as multi-row INSERTs with bound parameters (rollout ids come back from RETURNING).
 */
async function rawPostgresInsertSeconds(
  sourceUrl: string,
  runId: string,
  batch: number,
  clients: number,
): Promise<number> {
  const source = new pg.Client({ connectionString: sourceUrl });
  await source.connect();
  const run = (await source.query(`SELECT * FROM "Run" WHERE "id" = $1`, [runId])).rows[0] as Record<string, unknown>;
  const rollouts = (await source.query(`SELECT * FROM "Rollout" WHERE "runId" = $1 ORDER BY "id"`, [runId]))
    .rows as Record<string, unknown>[];
  const turns = (await source.query(`SELECT * FROM "Turn" WHERE "runId" = $1 ORDER BY "rolloutId", "turn"`, [runId]))
    .rows as Record<string, unknown>[];
  await source.end();
  const turnsByRollout = groupBy(turns, (turn) => turn.rolloutId);

  const name = `spikewatch_bench_raw_${process.pid}`;
  const url = await createScratchDatabase(name);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-raw-"));
  try {
    deployMigrations(resolveConfig({ SPIKEWATCH_DATA_DIR: dir, DATABASE_URL: url }));
    const writers = await Promise.all(
      Array.from({ length: clients }, async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        return client;
      }),
    );
    await insertMany(writers[0]!, "Run", [run]);
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < rollouts.length; i += batch) batches.push(rollouts.slice(i, i + batch));
    const started = performance.now();
    let next = 0;
    await Promise.all(
      writers.map(async (client) => {
        while (next < batches.length) {
          const chunk = batches[next++]!;
          await client.query("BEGIN");
          const ids = await insertMany(
            client,
            "Rollout",
            chunk.map(({ id: _id, ...row }) => row),
            "id",
          );
          const chunkTurns = chunk.flatMap((r, i) =>
            (turnsByRollout.get(r.id) ?? []).map(({ id: _id, ...turn }) => ({ ...turn, rolloutId: ids[i] })),
          );
          await insertMany(client, "Turn", chunkTurns);
          await client.query("COMMIT");
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(writers.map((client) => client.end()));
    return seconds;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await dropScratchDatabase(name);
  }
}

/** Multi-row INSERTs of `rows` (all with the same columns), under PostgreSQL's 65,535 parameters each; returns `returning`. */
async function insertMany(
  client: pg.Client,
  table: string,
  rows: Record<string, unknown>[],
  returning?: string,
): Promise<unknown[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.floor(60_000 / columns.length);
  const out: unknown[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const values = chunk
      .map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`)
      .join(", ");
    const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}${returning ? ` RETURNING "${returning}"` : ""}`;
    const result = await client.query(
      sql,
      chunk.flatMap((row) => columns.map((c) => row[c])),
    );
    if (returning) for (const row of result.rows as Record<string, unknown>[]) out.push(row[returning]);
  }
  return out;
}

/**
 * The database's share of ingestion: the Rollout and Turn rows the API stored in the timed run, re-inserted with
 * prepared statements into a freshly migrated scratch file (WAL, as the app runs), `batch` rollouts and
 * their turns per transaction. No parsing, classification, dedupe, step health or change feed.
 */
function rawInsertSeconds(sourceFile: string, runId: string, batch: number): number {
  const source = new Database(sourceFile, { readonly: true });
  const run = source.prepare(`SELECT * FROM "Run" WHERE "id" = ?`).all(runId) as Record<string, unknown>[];
  const rollouts = source.prepare(`SELECT * FROM "Rollout" WHERE "runId" = ? ORDER BY "id"`).all(runId) as Record<
    string,
    unknown
  >[];
  const turns = source
    .prepare(`SELECT * FROM "Turn" WHERE "runId" = ? ORDER BY "rolloutId", "turn"`)
    .all(runId) as Record<string, unknown>[];
  source.close();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-raw-"));
  try {
    const config = resolveConfig({ SPIKEWATCH_DATA_DIR: dir });
    deployMigrations(config);
    const target = new Database(sqlitePath(config.databaseUrl));
    target.pragma("journal_mode = WAL");
    const insert = (table: string, row: Record<string, unknown>) =>
      target.prepare(
        `INSERT INTO "${table}" (${Object.keys(row)
          .map((c) => `"${c}"`)
          .join(", ")}) VALUES (${Object.keys(row)
          .map(() => "?")
          .join(", ")})`,
      );
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
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, "bin", "spikewatch.mjs"), "import", "acebench", ...folders],
    {
      cwd: ROOT,
      env: { ...process.env, SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: "" },
      encoding: "utf8",
    },
  );
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (res.status !== 0) throw new Error(res.stderr);
  return seconds;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      rollouts: { type: "string", default: "6000" },
      batch: { type: "string", default: "500" },
      clients: { type: "string", default: "1" },
      postgres: { type: "boolean" },
    },
  });
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  if (!values.postgres)
    console.log(
      `CLI import of all ACEBench configurations (300 dialogues) into a new database, migrations included: ${benchCliImport().toFixed(2)} s`,
    );
  const r = await benchIngestion({
    rollouts: Number(values.rollouts),
    batch: Number(values.batch),
    clients: Number(values.clients),
    postgres: values.postgres,
  });
  console.log(
    `API ingestion (${r.engine}): ${r.rollouts} real ACEBench rollouts (${r.turns} assistant turns) in batches of ${values.batch}, ${values.clients} client(s): ${r.apiRolloutsPerSecond.toFixed(0)} rollouts/s warm (first pass after the start: ${r.coldApiRolloutsPerSecond.toFixed(0)})`,
  );
  const raw =
    r.engine === "sqlite"
      ? "better-sqlite3 prepared inserts"
      : `PostgreSQL multi-row INSERTs by ${r.clients} writer(s)`;
  console.log(
    `raw ${raw} of the same rows: ${r.rawRolloutsPerSecond.toFixed(0)} rollouts/s (API = ${(r.apiRolloutsPerSecond / r.rawRolloutsPerSecond).toFixed(2)}× raw)`,
  );
}
