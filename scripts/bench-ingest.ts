// Benchmark (not a test): ingestion rate through the HTTP API and the time to import the ten shared
// ACEBench configurations with the CLI, each on a fresh SQLite data directory.
//   npm run bench:ingest [-- --rollouts 6000 --batch 500 --clients 1 --postgres]
// --postgres runs the API leg on a new database of the server at SPIKEWATCH_TEST_PG_URL (dropped after).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseAcebenchTable } from "../lib/domain/transcripts/parse-acebench-table";
import { createScratchDatabase, dropScratchDatabase } from "./local-services";
import { startServer } from "./spawn-server";

const ROOT = path.resolve(import.meta.dirname, "..");
const MULTI_TURN = path.resolve(ROOT, "..", "shared", "data", "acebench-dialogues", "multi_turn");
const { values } = parseArgs({
  options: { rollouts: { type: "string", default: "6000" }, batch: { type: "string", default: "500" }, clients: { type: "string", default: "1" }, postgres: { type: "boolean" } },
});

const TOTAL = Number(values.rollouts);
const BATCH = Number(values.batch);
const CLIENTS = Number(values.clients);

function realDialogues(): { messages: { role: string; content: string }[] }[] {
  return fs.readdirSync(MULTI_TURN).flatMap((folder) =>
    fs.readdirSync(path.join(MULTI_TURN, folder)).map((file) => {
      const parsed = parseAcebenchTable(fs.readFileSync(path.join(MULTI_TURN, folder, file), "utf8"));
      if (!parsed.ok) throw new Error(`${folder}/${file} does not parse`);
      return { messages: parsed.value.messages };
    }),
  );
}

async function benchApi(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-"));
  const pgName = `spikewatch_bench_${process.pid}`;
  const databaseUrl = values.postgres ? await createScratchDatabase(pgName) : "";
  const server = await startServer({ SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SPIKEWATCH_API_TOKEN: "bench-token-0123456789" });
  const { base } = server;
  try {
    const headers = { authorization: "Bearer bench-token-0123456789", "content-type": "application/json" };
    const { id } = (await (await fetch(`${base}/api/runs`, { method: "POST", headers, body: JSON.stringify({ name: "bench" }) })).json()) as { id: string };
    const dialogues = realDialogues();
    const rollouts = Array.from({ length: TOTAL }, (_, i) => ({ step: Math.floor(i / dialogues.length), sampleId: `d${i % dialogues.length}`, ...dialogues[i % dialogues.length]! }));
    const turns = rollouts.reduce((n, r) => n + r.messages.filter((m) => m.role === "assistant").length, 0);
    const batches: (typeof rollouts)[] = [];
    for (let i = 0; i < rollouts.length; i += BATCH) batches.push(rollouts.slice(i, i + BATCH));

    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const res = await fetch(`${base}/api/runs/${id}/rollouts`, { method: "POST", headers, body: JSON.stringify({ rollouts: batch }) });
        if (!res.ok) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    console.log(`API ingestion (${values.postgres ? "PostgreSQL" : "SQLite"}): ${TOTAL} real ACEBench rollouts (${turns} assistant turns) in batches of ${BATCH}, ${CLIENTS} client(s): ` +
      `${seconds.toFixed(2)} s = ${(TOTAL / seconds).toFixed(0)} rollouts/s, ${(turns / seconds).toFixed(0)} turns/s`);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (values.postgres) await dropScratchDatabase(pgName);
  }
}

function benchCliImport(): void {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-cli-"));
  const folders = fs.readdirSync(MULTI_TURN).map((f) => path.join(MULTI_TURN, f));
  const started = performance.now();
  const res = spawnSync(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), "import", "acebench", ...folders], {
    cwd: ROOT, env: { ...process.env, SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: "" }, encoding: "utf8",
  });
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(res.stderr);
  console.log(`CLI import of all ${folders.length} ACEBench configurations (300 dialogues) into a new database, migrations included: ${seconds.toFixed(2)} s`);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
if (!values.postgres) benchCliImport();
await benchApi();
