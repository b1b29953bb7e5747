// `npm run bench`: the benchmark suite (not part of `npm test`). Runs each benchmark next to the reference
// it is judged against, in the same run, and writes docs/benchmarks.json and docs/benchmarks.md.
// BENCH_QUICK=1 runs small sizes as a smoke check and writes to a temporary folder instead of docs/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { benchBigRun, WEB_RSS_LIMIT_MIB, type BigRunResult } from "./bench-bigrun";
import { benchIngestion, type IngestResult } from "./bench-ingest";
import { benchLiveLatency } from "./bench-live";
import { benchMetricsIngest, type MetricsIngestResult } from "./bench-metrics-ingest";
import { benchModelReplay, benchReplay, type ModelReplayResult } from "./bench-replay";
import { benchSeriesQuery, type SeriesResult } from "./bench-series";
import { isTestPostgresUp, TEST_PG_URL } from "./local-services";

const QUICK = process.env.BENCH_QUICK === "1";
const SIZES = QUICK
  ? {
      rollouts: 600,
      batch: 100,
      seriesSizes: [10_000, 100_000],
      pgSeriesSizes: [10_000],
      metricBatches: 2,
      metricBatch: 20_000,
      repeats: 3,
      seq: 64,
      replayRuns: 2,
      modelRuns: 1,
      trials: 3,
      bigRun: { steps: 50, keys: 20, perStep: 20, runs: 3, repeats: 1 },
    }
  : {
      rollouts: 6_000,
      batch: 500,
      seriesSizes: [10_000, 100_000, 1_000_000, 10_000_000],
      // Seeding goes through the ingest path, about 10 s per 100,000 points on PostgreSQL here: 10M would take half an hour.
      pgSeriesSizes: [10_000, 100_000, 1_000_000],
      metricBatches: 5,
      metricBatch: 100_000,
      repeats: 9,
      seq: 512,
      replayRuns: 5,
      modelRuns: 2,
      trials: 20,
      bigRun: { steps: 2_000, keys: 200, perStep: 500, runs: 20, repeats: 5 },
    };
const OUT_DIR = QUICK
  ? fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-quick-"))
  : path.resolve(import.meta.dirname, "..", "docs");

type Benchmark = {
  name: string;
  figure: number;
  unit: string;
  reference: number;
  referenceUnit: string;
  ratio: number;
  /** the issue's target for this figure and whether this run met it; null where the figure is only reported */
  target: { text: string; met: boolean } | null;
  notes: string;
};

async function machine() {
  const sqlite = new Database(":memory:");
  const { v } = sqlite.prepare("SELECT sqlite_version() AS v").get() as { v: string };
  sqlite.close();
  const osRelease = fs.existsSync("/etc/os-release")
    ? /PRETTY_NAME="([^"]+)"/.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1]
    : undefined;
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${osRelease ?? os.type()} (${os.platform()} ${os.release()}, ${os.arch()})`,
    engines: { sqlite: v, postgresql: (await isTestPostgresUp()) ? await postgresVersion() : null },
  };
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return ((await client.query("SHOW server_version")).rows[0] as { server_version: string }).server_version;
  } finally {
    await client.end();
  }
}

const ENGINE_NAMES = { sqlite: "SQLite", postgresql: "PostgreSQL" } as const;

function seriesBenchmarks(r: SeriesResult): Benchmark[] {
  return r.sizes.map((s) => ({
    name: `Series query, ${ENGINE_NAMES[r.engine]}: one series of ${s.points.toLocaleString("en")} points downsampled to ${r.maxPoints}`,
    figure: s.apiP50Ms,
    unit: "ms (API p50)",
    reference: s.scanP50Ms,
    referenceUnit: "ms (raw SQL scan of the rows, p50)",
    ratio: s.apiP50Ms / s.scanP50Ms,
    target: { text: "< 50 ms API p50", met: s.apiP50Ms < 50 },
    notes:
      `GET /api/runs/:id/metrics?keys=…&maxPoints=${r.maxPoints}, p50 of ${r.repeats} (p95 ${s.apiP95Ms.toFixed(0)} ms), ${s.returned} points returned; ` +
      `a zoomed range (a tenth of the steps, ends off the block grid) ${s.zoomP50Ms.toFixed(1)} ms; the pyramid read alone ${s.queryP50Ms.toFixed(1)} ms in-process. ` +
      "Limit: the read is whole pyramid blocks (at most 4 per bucket) plus finer blocks at the two ends of the range, so it follows the points returned; " +
      "the reference is one COUNT/SUM scan of the stored rows, which grows with them. The rest of the API time is the HTTP round trip, the run lookup and JSON.",
  }));
}

const SQLITE_INGEST_TIME =
  "Where the time goes (timers in the POST handler, warm, 2026-12-06, ms per batch of 500): the POST " +
  "takes 215-300; on the request thread reading the 2.3 MB body 22-37 (partly waiting for the client's upload; decoding UTF-8 " +
  "about 20 of it in a CPU profile), depth check 5, JSON parse 5, schema 1-8, its share of classification 35-55 (7-11 of the 20 " +
  "chunks), Rollout and Turn inserts 30-37, health counts, detector and change feed 8-11, COMMIT and the rest about 20 (the COMMIT's " +
  "fsync, which the raw reference pays too); the pool thread classifies the other chunks (about 100). The request thread is idle " +
  "less than 2 ms per batch, and garbage collection takes about 60 ms of it per batch. Limit: CPU. On 2 cores shared with the " +
  "benchmark client, SQLite and the garbage collector, classification costs 0.26-0.33 ms of CPU per rollout (0.13-0.17 alone on an " +
  "idle core; garbage collection is 40% of it), so a batch needs about 300 ms of CPU against 65-80 ms for the raw inserts; 0.5× " +
  "would need the whole batch in about 130 ms of wall time, less than its classification split over both cores. Tried on " +
  "2026-12-06 without a measurable gain: writing each chunk inside the open transaction as the pool hands it back (both cores were " +
  "already busy; SQLite held its write lock through the classification), and a 64 MB young generation (--max-semi-space-size). " +
  "What would close it: more cores (classification spreads over SPIKEWATCH_CLASSIFY_THREADS), or a classifier that allocates less " +
  "per turn.";

const POSTGRES_INGEST_TIME =
  "Where the time goes (CPU profile of the web process, 4 writers, 2026-12-06): until that day Prisma's query compiler copied each " +
  "batch's 2.3 MB JSON parameter through its WebAssembly module, about 100 ms of the request thread per batch (4.6 s of the 14.8 s " +
  "the thread was busy over 12,000 rollouts; 0.44× raw warm). The bulk inserts now go to pg on the Prisma transaction's own " +
  "connection (postgresClientOf), and the rest is as on SQLite: classification shared by the request thread and the pool, JSON " +
  "parse and validation, and garbage collection, with the 4 PostgreSQL backends on the same 2 cores.";

function ingestBenchmark(r: IngestResult): Benchmark {
  const ratio = r.apiRolloutsPerSecond / r.rawRolloutsPerSecond;
  const writers = r.clients === 1 ? "1 writer" : `${r.clients} concurrent writers`;
  return {
    name: `Ingestion, ${ENGINE_NAMES[r.engine]}: ${r.rollouts.toLocaleString("en")} real ACEBench rollouts (${r.turns.toLocaleString("en")} assistant turns), batches of ${SIZES.batch}, ${writers}`,
    figure: r.apiRolloutsPerSecond,
    unit: "rollouts/s (HTTP API)",
    reference: r.rawRolloutsPerSecond,
    referenceUnit:
      r.engine === "sqlite"
        ? "rollouts/s (raw better-sqlite3 prepared inserts)"
        : `rollouts/s (raw multi-row INSERTs, ${writers})`,
    ratio,
    target: { text: "≥ 0.5× the raw reference", met: ratio >= 0.5 },
    notes:
      `A warm server: the figure is the second pass of the same rollouts, into a second run; the first pass after the server started ran ${r.coldApiRolloutsPerSecond.toFixed(0)} rollouts/s (the JIT had not compiled the parser and classifier yet). ` +
      "The API reads and validates the JSON, parses and classifies every transcript (in chunks of 25 taken by the request thread and a " +
      "pool of SPIKEWATCH_CLASSIFY_THREADS worker threads as each is free, before the write transaction; threads send back only what is " +
      "stored; the pool starts with the server), then in one write transaction per batch dedupes, inserts the Rollout and Turn rows (SQLite: cached prepared statements; " +
      "PostgreSQL: one INSERT per table from a JSON parameter), adds the batch's StepHealth/StepFailure counts in one upsert per table, " +
      "runs the health detector and appends the change feed; the reference only re-inserts the stored Rollout and Turn rows, one " +
      "transaction per batch. " +
      (r.engine === "sqlite" ? SQLITE_INGEST_TIME : POSTGRES_INGEST_TIME),
  };
}

function bigRunBenchmarks(r: BigRunResult): Benchmark[] {
  const size = `${r.steps.toLocaleString("en")} steps, ${r.keys} metric keys, ${r.rollouts.toLocaleString("en")} rollouts (${r.turns.toLocaleString("en")} turns)`;
  const seeded =
    `Seeded in ${r.seedSeconds.toFixed(0)} s by the demo simulator (vanilla GRPO collapsing at 55% of the steps; ` +
    "2 simulated groups per step classified by the real classifier, repeated under new sample ids to 500 rollouts a step) with direct inserts " +
    "through the ingest path's row writers, not the HTTP API; database " +
    `${r.databaseMiB.toFixed(0)} MiB. `;
  const pages = r.rolloutPages
    .map((p) => `${p.url.replace(/^\/api\/runs\/[^/]+\/rollouts/, "")} ${p.ms.toFixed(0)} ms (${p.rollouts})`)
    .join("; ");
  return [
    {
      name: `Big run, SQLite: run page of ${size}`,
      figure: r.runPageMs,
      unit: "ms to charts drawn in Chromium (median)",
      reference: 1_500,
      referenceUnit: "ms (target)",
      ratio: r.runPageMs / 1_500,
      target: { text: "< 1,500 ms", met: r.runPageMs < 1_500 },
      notes:
        `${seeded}Median of ${r.repeats} loads after a warm-up, from navigation to the three default charts drawn, Chromium's ` +
        "rendering included. Where the time goes (CPU profiles of the Next server and of Chromium on this machine, 2026-12-06, " +
        "taken while other work loaded it, so proportions only): the page's server render is 100-180 ms warm (the metric charts " +
        "from the min/max pyramid, step health downsampled in the database, alerts; the run's metric keys and their step span by " +
        "index seeks, 3 ms, where a scan of all 400,000 points took 50-100 ms before 2026-12-06), and the rest of the time to " +
        "charts drawn is the browser: loading the scripts, hydrating, and Recharts laying out four SVG charts of up to 1,000 " +
        "steps. Chromium's CPU profile of one warm load (2.4-2.9 s sampled, 2026-12-06): React hydrating and rendering 1.3 s, " +
        "of it Recharts drawing the charts 0.55-0.7 s and evaluating its modules 0.2 s; style, layout and compiling 0.5-0.65 s; " +
        "garbage collection 0.13-0.16 s. The per-point share is small: zoomed to 200 steps the page is drawn about 270 ms " +
        "sooner. Recharts' grid measured the x label of every step in the DOM for its hidden vertical lines (718 forced " +
        "layouts, 155-170 ms); skipped since 2026-12-06 (35 measurements left). Building with webpack instead of Turbopack " +
        "changed nothing measurable. What would close a miss: charts drawn on a canvas, or fewer points than the chart has pixels.",
    },
    {
      name: "Big run, SQLite: web process peak RSS over the run, rollout and compare pages",
      figure: r.webPeakRssMiB,
      unit: "MiB",
      reference: WEB_RSS_LIMIT_MIB,
      referenceUnit: "MiB (stated limit, WEB_RSS_LIMIT_MIB)",
      ratio: r.webPeakRssMiB / WEB_RSS_LIMIT_MIB,
      target: { text: `< ${WEB_RSS_LIMIT_MIB} MiB`, met: r.webPeakRssMiB < WEB_RSS_LIMIT_MIB },
      notes: "Sum of the web server's processes' VmRSS, sampled through the whole big-run leg.",
    },
    {
      name: `Big run, SQLite: rollout browser API pages filtered by state and failure kind (${r.rolloutPages.length} pages)`,
      figure: r.rolloutPageP50Ms,
      unit: "ms (median page; slowest " + `${r.rolloutPageMaxMs.toFixed(0)} ms)`,
      reference: 100,
      referenceUnit: "ms (target per page)",
      ratio: r.rolloutPageMaxMs / 100,
      target: { text: "< 100 ms every page", met: r.rolloutPageMaxMs < 100 },
      notes: `GET /api/runs/:id/rollouts, 50 per page, median of ${r.repeats} each; ratio is the slowest page against the target. Pages (rollouts returned): ${pages}.`,
    },
    {
      name: `Big run, SQLite: compare page of ${r.runs} runs of ${r.steps.toLocaleString("en")} steps`,
      figure: r.comparePageMs,
      unit: "ms to charts drawn in Chromium (median)",
      reference: 2_000,
      referenceUnit: "ms (target)",
      ratio: r.comparePageMs / 2_000,
      target: { text: "< 2,000 ms", met: r.comparePageMs < 2_000 },
      notes:
        `The big run and ${r.runs - 1} copies of its step health, failures and compare metrics (not its rollouts: 20 runs of a million rollouts would take ` +
        `20 times the seeding), each with its own detector verdicts; ${r.comparePanels} chart panels drawn. ` +
        "Where the time goes (timers and profiles on this machine, 2026-12-06): the page's HTML (0.83 MB) is served in 0.68-0.72 s " +
        "warm; its server function takes 0.51-0.57 s, of which reading the rows 0.34-0.46 s: 42,000 step-health rows (105-200 ms, where " +
        "the same query takes 47 ms in the sqlite3 shell: the rest is building the row objects) and 120,000 compare-metric points " +
        "(135-165 ms since they are read by one index seek per run and key; one statement over all runs took 220-300 ms building " +
        "240,000 strings and sorting; Prisma's row mapping took 0.83 s before that); the table's facts and the chart series take 40-100 ms; " +
        "the rest of the time to charts drawn is the React Server Components payload (about 0.58 MB of series) " +
        "and Recharts drawing 4 panels of 20 runs × 300 points as SVG (its grid's hidden label measurements, 244 forced " +
        "layouts, skipped since 2026-12-06: 55 left). What would close a miss: each run's facts (best and final " +
        "score, first logged-probe spike, minimum healthy-call rate) kept up to date at ingest as its collapse verdict already " +
        "is, so the page reads only downsampled series from the min/max pyramid, and fewer SVG points per panel.",
    },
    {
      name: "Big run, SQLite: database bytes per rollout",
      figure: r.bytesPerRollout,
      unit: `bytes per rollout (with its ${(r.turns / r.rollouts).toFixed(1)} turns, indexes included)`,
      reference: r.bytesPerMetricPoint,
      referenceUnit: "bytes per metric point (MetricPoint and pyramid rows, indexes included)",
      ratio: r.bytesPerRollout / r.bytesPerMetricPoint,
      target: null,
      notes:
        "Pages in use after a WAL checkpoint, before and after each kind of row was stored. A rollout holds its whole transcript as JSON text.",
    },
  ];
}

function metricsIngestBenchmark(r: MetricsIngestResult): Benchmark {
  const isSqlite = r.rawP50Ms !== null;
  return {
    name: `Metric ingestion, ${ENGINE_NAMES[r.engine]}: POSTs of ${r.pointsPerBatch.toLocaleString("en")} points (${r.batches} batches)`,
    figure: r.apiP50Ms,
    unit: "ms per POST (p50)",
    reference: r.rawP50Ms ?? r.apiP50Ms,
    referenceUnit: isSqlite
      ? "ms (raw prepared inserts of the same points, one transaction)"
      : "ms (no raw reference on PostgreSQL)",
    ratio: isSqlite ? r.apiP50Ms / r.rawP50Ms! : 1,
    target: isSqlite ? { text: "< 1,000 ms", met: r.apiP50Ms < 1_000 } : null,
    notes:
      `Slowest POST ${r.apiMaxMs.toFixed(0)} ms; ${r.bytesPerPoint.toFixed(0)} bytes of database per point (MetricPoint and MetricBlock rows with their indexes). ` +
      `While the batches were written a 1-point POST from another client took at most ${r.probeMaxMs.toFixed(0)} ms` +
      (r.lockWaitMaxMs === null
        ? ""
        : ` and another SQLite connection waited at most ${r.lockWaitMaxMs.toFixed(0)} ms for the write lock (what the worker would wait)`) +
      ". The API parses and validates the JSON, dedupes against stored points, inserts the points, merges them into the min/max pyramid and appends the change feed in one transaction; " +
      "Limit: the inserts themselves (the raw reference) and JSON parsing on one core.",
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg();
  const benchmarks: Benchmark[] = [];
  const log = (b: Benchmark) => {
    benchmarks.push(b);
    console.log(
      `${b.name}: ${b.figure.toFixed(1)} ${b.unit} vs ${b.reference.toFixed(1)} ${b.referenceUnit} = ${b.ratio.toFixed(2)}×`,
    );
  };

  const engines = [false, ...((await isTestPostgresUp()) ? [true] : [])];
  for (const postgres of engines) {
    log(
      ingestBenchmark(
        await benchIngestion({ rollouts: SIZES.rollouts, batch: SIZES.batch, clients: postgres ? 4 : 1, postgres }),
      ),
    );
  }

  for (const postgres of engines)
    log(
      metricsIngestBenchmark(
        await benchMetricsIngest({ batches: SIZES.metricBatches, points: SIZES.metricBatch, postgres }),
      ),
    );
  for (const postgres of engines) {
    const sizes = postgres ? SIZES.pgSeriesSizes : SIZES.seriesSizes;
    seriesBenchmarks(await benchSeriesQuery({ sizes, maxPoints: 1_000, repeats: SIZES.repeats, postgres })).forEach(
      log,
    );
  }

  const replay = await benchReplay({ seq: SIZES.seq, hidden: 16, runs: SIZES.replayRuns });
  const matmulTokensPerSecond = (replay.seq / replay.matmulMs) * 1000;
  log({
    name: `Checkpoint replay: tiny LM with the full Qwen vocabulary, S=${replay.seq}, H=${replay.hidden}, V=${replay.vocab}`,
    figure: replay.tokensPerSecond,
    unit: "tokens/s scored",
    reference: matmulTokensPerSecond,
    referenceUnit: "tokens/s of a plain [S×H]·[H×V] MatMul",
    ratio: replay.tokensPerSecond / matmulTokensPerSecond,
    target: null,
    notes:
      `${replay.headMs.toFixed(1)} ms per forward with the reduction head; the MatMul alone runs at ${replay.matmulGflops.toFixed(2)} GFLOP/s (${replay.matmulMs.toFixed(1)} ms), ` +
      `fetching full logits takes ${replay.logitsMs.toFixed(1)} ms. A ratio above 1 means the in-graph head ` +
      "(max, exp, the float64 sum of Z, gathers, TopK) costs less than copying [S×V] logits out of onnxruntime. " +
      `Limit: memory bandwidth over the [S×V] logits (${((replay.seq * replay.vocab * 4) / 2 ** 20).toFixed(0)} MiB) on 2 cores; peak RSS ${replay.peakRssMiB.toFixed(0)} MiB.`,
  });

  const modelReplay = await benchModelReplay({ quick: QUICK, seq: SIZES.seq, runs: SIZES.modelRuns, threads: 2 });
  for (const b of modelReplayBenchmarks(modelReplay)) log(b);

  for (const postgres of engines) {
    const engine = postgres ? "postgresql" : "sqlite";
    const live = await benchLiveLatency({ trials: SIZES.trials, engine });
    log({
      name: `Live alert latency, ${ENGINE_NAMES[engine]}: rollout POST to the alert event on GET /api/runs/:id/events (${live.trials} trials)`,
      figure: live.alertP50Ms,
      unit: "ms (p50)",
      reference: live.postP50Ms,
      referenceUnit: "ms (POST round-trip alone, p50)",
      ratio: live.alertP50Ms / live.postP50Ms,
      target: {
        text: "< 200 ms p95, same process and across processes",
        met: live.alertP95Ms < 200 && live.otherProcess.p95Ms < 200,
      },
      notes:
        `p95 ${live.alertP95Ms.toFixed(0)} ms (POST p95 ${live.postP95Ms.toFixed(0)} ms). The alert is written in the POST's transaction; ` +
        `Limit: the POST itself; the stream is woken when the write commits (alert after the POST's answer: p50 ${live.afterAnswer.p50Ms.toFixed(0)} ms, ` +
        `p95 ${live.afterAnswer.p95Ms.toFixed(0)} ms). With the POST sent to a second web process on the same database: p50 ${live.otherProcess.p50Ms.toFixed(0)} ms, ` +
        `p95 ${live.otherProcess.p95Ms.toFixed(0)} ms (${postgres ? "woken by LISTEN/NOTIFY" : "SQLite newest-id read every 50 ms"}).`,
    });
  }

  bigRunBenchmarks(await benchBigRun(SIZES.bigRun)).forEach(log);

  const report = {
    generatedAt: new Date().toISOString(),
    quick: QUICK,
    loadAverage: { start: loadAtStart, end: os.loadavg() },
    durationSeconds: (performance.now() - started) / 1000,
    machine: await machine(),
    benchmarks,
  };
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, "benchmarks.json"), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(OUT_DIR, "benchmarks.md"), toMarkdown(report));
  console.log(
    `wrote ${path.join(OUT_DIR, "benchmarks.md")} and benchmarks.json in ${report.durationSeconds.toFixed(0)} s`,
  );
}

const REPLAY_TIME_NOTE = [
  "Where the time goes (onnxruntime's per-op profile, `npm run bench:replay -- --model --profile`, S=512, 2 threads,",
  "2026-12-06): about 55% the decoder's float32 Gemms (MLAS, weights not prepacked), 30% the lm_head product",
  "[512×896]·[896×151,936] (one FusedMatMul on the weight as stored, writing the [S×V] logits), 7% attention (QK and",
  "context MatMuls, the causal Where, Softmax), 5% the reduction head (max, shift, exp, e·d, TopK over [S×V]; Z and",
  "Σe·d summed in float64 from float32 partials of at most 64 terms, the heaviest chunk re-summed in float64), 2-3%",
  "norms, rotary and SiLU. Before 2026-12-06 the head cast the whole [S×V] exp tensor to float64 and the logits were",
  "copied into the graph output (about 0.7 s a forward together). PyTorch calls OpenBLAS (or Debian's reference BLAS)",
  "for the same GEMMs and loses more than onnxruntime when other processes share the 2 cores. What would gain more:",
  "weight prepacking (measured about 12% faster, +0.5 GiB resident, off on purpose), onnxruntime's GroupQueryAttention",
  "instead of the primitive attention subgraph (at most about 5%), and batching probes into one forward. ",
].join(" ");

const GPU_NOTE = [
  "No GPU on this machine: CUDA was not measured. On a GPU the yardstick is transformers itself (H200, bf16 weights,",
  "fp32 log-softmax over the full vocabulary, batch 8 × 2,048: Qwen2.5-0.5B 165,868 tokens/s, 1.5B 97,052).",
  "The replay keeps what reaching half of that needs: the built graph's batch dim is symbolic, the head normalizes",
  "in float64 after a float32 shift, and onnxruntime's CUDA provider runs the same graph (SPIKEWATCH_DEVICE=cuda).",
  "What it lacks there: batching probes (the worker runs one probe per forward) and 16-bit weights on the GPU",
  "(weights are cast to float32 at load; keeping them bf16/fp16 there is a change to the Cast in the builder).",
].join(" ");

/** The BLAS Debian's python3-torch calls (its libblas.so.3 alternative: reference BLAS or OpenBLAS). */
function systemBlas(): string {
  const link = "/usr/lib/x86_64-linux-gnu/libblas.so.3";
  return fs.existsSync(link) ? fs.realpathSync(link) : "unknown";
}

function modelReplayBenchmarks(r: ModelReplayResult): Benchmark[] {
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  const shape =
    `${r.shape}-shaped random bfloat16 checkpoint (${gib(r.weightBytes)} of safetensors), ` +
    `S=${r.seq}, ${r.threads} threads, CPU`;
  const onnx = r.onnx
    ? "The same weights as an ONNX export (model.onnx + float32 model.onnx_data): " +
      `${r.onnx.tokensPerSecond.toFixed(1)} tokens/s, peak RSS ${gib(r.onnx.peakRssMiB * 2 ** 20)}, load ${r.onnx.loadSeconds.toFixed(0)} s. `
    : "";
  const peer = r.torch ?? r.onnx;
  const speed: Benchmark = {
    name: `Replay from safetensors: ${shape}`,
    figure: r.safetensors.tokensPerSecond,
    unit: "tokens/s scored (graph built from the safetensors)",
    reference: peer?.tokensPerSecond ?? Number.NaN,
    referenceUnit: r.torch
      ? `tokens/s of Debian's python3-torch ${r.torch.torch} (BLAS: ${systemBlas()}), float32 forward + log-softmax stats, same probe`
      : "not measured",
    ratio: peer ? r.safetensors.tokensPerSecond / peer.tokensPerSecond : Number.NaN,
    target: r.torch
      ? { text: "ahead of PyTorch (ratio > 1)", met: r.safetensors.tokensPerSecond > r.torch.tokensPerSecond }
      : null,
    notes:
      `${onnx}Median of ${r.runs} forwards after one warm-up; load ${r.safetensors.loadSeconds.toFixed(0)} s ` +
      "(headers, graph, bf16 → float32 casts folded by onnxruntime). " +
      `${r.missing ? `Not measured: ${r.missing}. ` : ""}` +
      `Limit: float32 GEMMs on 2 cores (MLAS, weights not prepacked, see the RSS line). ${REPLAY_TIME_NOTE}${GPU_NOTE}`,
  };
  const memory: Benchmark = {
    name: `Replay peak RSS: ${shape}`,
    figure: r.safetensors.peakRssMiB / 1024,
    unit: "GiB peak RSS of the worker process (safetensors path)",
    reference: r.float32Bytes / 2 ** 30,
    referenceUnit: "GiB of the weights as float32 (one copy)",
    ratio: (r.safetensors.peakRssMiB * 2 ** 20) / r.float32Bytes,
    target: null,
    notes:
      `The bf16 weights are ${gib(r.weightBytes)}; onnxruntime folds each Cast into one float32 initializer and ` +
      "drops the 16-bit source, and weight prepacking is off (loaded, before any forward: 2.02 GiB resident " +
      "without prepacking, 2.65 GiB with it). The rest is the process (Node, onnxruntime, tokenizer) and activations: " +
      `the float32 logits and the head's d, e and e·d, each [S×V] (at S=${r.seq} about ${gib(r.seq * 151936 * 4)} each); ` +
      "no float64 [S×V] copy and no memory-pattern block since 2026-12-06 (peak 4.9 GiB before). " +
      (r.torch ? `PyTorch's peak for the same weights: ${gib(r.torch.peakRssMiB * 2 ** 20)}.` : ""),
  };
  return [speed, memory];
}

function toMarkdown(report: {
  generatedAt: string;
  durationSeconds: number;
  loadAverage: { start: number[]; end: number[] };
  machine: Awaited<ReturnType<typeof machine>>;
  benchmarks: Benchmark[];
}): string {
  const m = report.machine;
  const verdict = (b: Benchmark) =>
    b.target ? `${b.target.text}: ${b.target.met ? "met" : "**not met**"}` : "reported";
  const rows = report.benchmarks.map(
    (b) =>
      `| ${b.name} | ${fmt(b.figure)} ${b.unit} | ${fmt(b.reference)} ${b.referenceUnit} | ${b.ratio.toFixed(2)} | ${verdict(b)} |`,
  );
  const missed = report.benchmarks.filter((b) => b.target && !b.target.met);
  return [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` (scripts/bench.ts) on ${report.generatedAt.slice(0, 10)} in ${report.durationSeconds.toFixed(0)} s. Each figure is measured next to its reference in the same run.`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}; SQLite ${m.engines.sqlite}, PostgreSQL ${m.engines.postgresql ?? "not reachable"}.`,
    "",
    `Load average (1, 5, 15 min) at the start ${report.loadAverage.start.map((l) => l.toFixed(1)).join(", ")} and at the end ` +
      `${report.loadAverage.end.map((l) => l.toFixed(1)).join(", ")}: on ${m.cores} cores anything above ${m.cores} means other work shared the machine and every timing is inflated by it.`,
    "",
    "| Benchmark | Figure | Reference | Ratio | Target |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    missed.length === 0
      ? "Every target held in this run."
      : `Targets not met in this run (${missed.length}; why, and what would close each, in its note below): ` +
        missed.map((b) => b.name).join("; ") +
        ".",
    "",
    ...report.benchmarks.flatMap((b) => [`**${b.name}.** ${b.notes}`, ""]),
  ].join("\n");
}

function fmt(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(1);
}

await main();
