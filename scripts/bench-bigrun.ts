// Benchmark (not a test): a run at the scale of a real GRPO run, served by `npm start`'s script on a fresh
// SQLite data directory. 2,000 steps of 500 rollouts (1,000,000) simulated by the demo simulator and
// classified, 200 metric keys, and 19 more runs with the same step health and compare metrics, so the
// compare page can show 20 runs of this size. Measures the run page (charts drawn in Chromium), rollout
// browser API pages filtered by state and failure kind at any step, the compare page of 20 runs, database
// bytes per rollout and per metric point, and the web process's peak RSS.
//   npm run bench:bigrun [-- --steps 2000 --keys 200 --per-step 500 --runs 20 --repeats 5 --data-dir DIR]
// --data-dir keeps the seeded data directory (seeded on first use, reused after), for profiling the pages.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { demoCreateRun, type DemoRunSpec } from "../lib/domain/demo/demo-runs";
import { simulateStep } from "../lib/domain/demo/simulate-step";
import { DEMO_METRIC_KEYS } from "../lib/domain/demo/step-metrics";
import { aggregateStepHealth } from "../lib/domain/health/aggregate-step-health";
import { prepareRollout, type PreparedRollout } from "../lib/domain/ingest/prepare-rollout";
import type { MetricPointInput } from "../lib/domain/ingest/schemas";
import { resolveConfig } from "../lib/server/config";
import { createDb, sqliteConnectionOf, type Db } from "../lib/server/db";
import { publishHealthChange } from "../lib/server/health/publish-health-change";
import { incrementStepHealth } from "../lib/server/health/write-step-health";
import { ingestMetrics } from "../lib/server/metrics/ingest-metrics";
import { deployMigrations } from "../lib/server/migrate";
import { insertRolloutRows } from "../lib/server/rollouts/rollout-rows";
import { createRun } from "../lib/server/runs/create-run";
import { timePage, timeRequests } from "./bench-dashboard";
import { median } from "./median";
import { livePidsInGroup, statusKiB } from "./process-group";
import { startServer } from "./spawn-server";

export type BigRunOptions = {
  steps: number;
  keys: number;
  perStep: number;
  runs: number;
  repeats: number;
  /** kept after the run and reused when it already holds a seeded run */
  dataDir?: string;
};

export type BigRunResult = BigRunOptions & {
  rollouts: number;
  turns: number;
  metricPoints: number;
  seedSeconds: number;
  runPageMs: number;
  /** median of each filtered rollout page's median, and the slowest page's median */
  rolloutPageP50Ms: number;
  rolloutPageMaxMs: number;
  rolloutPages: { url: string; ms: number; rollouts: number }[];
  comparePageMs: number;
  comparePanels: number;
  bytesPerRollout: number;
  bytesPerMetricPoint: number;
  databaseMiB: number;
  webPeakRssMiB: number;
};

/** What the web process may hold while serving the big run's pages (the issue asks for a stated bound). */
export const WEB_RSS_LIMIT_MIB = 1024;
// Distinct simulated GRPO groups per step; the step's rollouts repeat them under new sample ids, so the
// simulator and classifier run 2,000 x 12 times instead of a million (the rows stored are all real rows).
const GROUPS_PER_STEP = 2;
const DEMO_KEYS = Object.keys(DEMO_METRIC_KEYS).length;
const FILTERS = [
  { state: "full_collapse", failure: "bare_tag" },
  { state: "text_pollution", failure: "junk_tail" },
  { state: "healthy_tool_call" },
] as const;

export async function benchBigRun(options: BigRunOptions): Promise<BigRunResult> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-bigrun-"));
  try {
    const seeded = await seedOnce(dataDir, options);
    const server = await startServer({ SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: "", SPIKEWATCH_SAMPLE_DATA: "off" });
    try {
      const runPageMs = await timePage(server.base, `/runs/${seeded.runId}`, 3, { repeats: options.repeats });
      const rolloutPages = await timeRolloutPages(server.base, seeded.runId, options);
      const compareUrl = `/compare?runs=${[seeded.runId, ...seeded.copyIds].join(",")}`;
      const comparePanels = await drawnCharts(server.base, compareUrl, '[data-testid="compare-chart"]');
      const comparePageMs = await timePage(server.base, compareUrl, comparePanels, {
        selector: '[data-testid="compare-chart"]',
        repeats: options.repeats,
      });
      const pageTimes = rolloutPages.map((p) => p.ms);
      return {
        ...options,
        ...seeded.counts,
        runPageMs,
        rolloutPageP50Ms: median(pageTimes),
        rolloutPageMaxMs: Math.max(...pageTimes),
        rolloutPages,
        comparePageMs,
        comparePanels,
        webPeakRssMiB: peakRssMiB(server.pid),
      };
    } finally {
      await server.stop();
    }
  } finally {
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Seeds `dataDir`, or reads back what an earlier seeding of it recorded. */
async function seedOnce(dataDir: string, options: BigRunOptions): Promise<Awaited<ReturnType<typeof seed>>> {
  const record = path.join(dataDir, "bench-bigrun.json");
  if (fs.existsSync(record)) return JSON.parse(fs.readFileSync(record, "utf8"));
  fs.mkdirSync(dataDir, { recursive: true });
  const seeded = await seed(dataDir, options);
  fs.writeFileSync(record, JSON.stringify(seeded));
  return seeded;
}

async function seed(dataDir: string, options: BigRunOptions) {
  const config = resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir });
  deployMigrations(config);
  const db = createDb(config);
  const sqlite = (await sqliteConnectionOf(db))!;
  const started = performance.now();
  const spec: DemoRunSpec = {
    key: "bigrun",
    regime: "vanilla_rl",
    scheme: "none",
    rlLr: 1e-6,
    seed: 11,
    steps: options.steps,
    phases: [{ kind: "rl", startStep: 0, endStep: options.steps - 1 }],
    eventStep: Math.round(options.steps * 0.55),
  };
  const { id: runId } = await createRun(db, { ...demoCreateRun(spec, "bench-"), name: "bench-bigrun (simulated)" });
  const emptyBytes = databaseBytes(sqlite);

  let metricPoints = 0;
  let pending: MetricPointInput[] = [];
  const flushMetrics = async () => {
    metricPoints += pending.length;
    if (pending.length > 0) await ingestMetrics(db, runId, pending);
    pending = [];
  };
  const stepsData = Array.from({ length: options.steps }, (_, step) => simulateStep(spec, step));
  for (const { metrics } of stepsData) {
    for (const m of metrics) pending.push(m);
    const step = metrics[0]?.step ?? 0;
    for (let k = 0; k < options.keys - DEMO_KEYS; k++) {
      pending.push({
        step,
        key: `bench/synthetic_${String(k).padStart(3, "0")}`,
        value: Math.sin(step / (50 + k)) + 0.01 * ((step * 7919 + k * 104729) % 100),
      });
    }
    if (pending.length >= 100_000) await flushMetrics();
  }
  await flushMetrics();
  const metricBytes = databaseBytes(sqlite);

  let rollouts = 0;
  let turns = 0;
  const STEPS_PER_TRANSACTION = 10;
  for (let from = 0; from < options.steps; from += STEPS_PER_TRANSACTION) {
    const rows = stepsData
      .slice(from, from + STEPS_PER_TRANSACTION)
      .flatMap(({ step, rollouts: own }) => stepRollouts(spec, step, own, options.perStep));
    rollouts += rows.length;
    for (const r of rows) turns += r.turns.length;
    await db.$transaction(
      async (tx) => {
        await insertRolloutRows(sqlite, tx, runId, rows, "bench:bigrun");
        await incrementStepHealth(tx, runId, aggregateStepHealth(rows.filter((r) => !r.isOffPolicy)));
      },
      { timeout: 600_000 },
    );
  }
  const trainSteps = stepsData.map(({ step }) => ({ step, split: "train" }));
  await db.$transaction((tx) => publishHealthChange(tx, runId, trainSteps), { timeout: 600_000 });
  const rolloutBytes = databaseBytes(sqlite);
  const copyIds = await copyForCompare(db, spec, runId, options.runs - 1, trainSteps);
  const seedSeconds = (performance.now() - started) / 1000;
  const databaseMiB = databaseBytes(sqlite) / 2 ** 20;
  await db.$disconnect();
  console.log(
    `seeded ${rollouts.toLocaleString("en")} rollouts (${turns.toLocaleString("en")} turns), ${metricPoints.toLocaleString("en")} metric points and ${copyIds.length} copies in ${seedSeconds.toFixed(0)} s; database ${databaseMiB.toFixed(0)} MiB`,
  );
  return {
    runId,
    copyIds,
    counts: {
      rollouts,
      turns,
      metricPoints,
      seedSeconds,
      databaseMiB,
      bytesPerMetricPoint: (metricBytes - emptyBytes) / metricPoints,
      bytesPerRollout: (rolloutBytes - metricBytes) / rollouts,
    },
  };
}

/**
 * One step's rollouts: the simulator's own group (with its validation and final-evaluation rollouts)
 * and GROUPS_PER_STEP - 1 more groups of the same step (other seeds), classified once each and then
 * repeated under new sample ids until the step holds `perStep` training rollouts.
 */
function stepRollouts(
  spec: DemoRunSpec,
  step: number,
  own: ReturnType<typeof simulateStep>["rollouts"],
  perStep: number,
): PreparedRollout[] {
  const classify = (input: (typeof own)[number]) => {
    const result = prepareRollout(input);
    if (!result.ok) throw new Error(`simulated rollout ${input.sampleId} does not parse`);
    return result.value;
  };
  const others = Array.from(
    { length: GROUPS_PER_STEP - 1 },
    (_, g) => simulateStep({ ...spec, seed: spec.seed + 1 + g }, step).rollouts,
  );
  const train = [own, ...others].flatMap((group) => group.filter((r) => r.split === "train")).map(classify);
  const rest = own.filter((r) => r.split !== "train").map(classify);
  const repeated = Array.from({ length: perStep }, (_, k) => ({
    ...train[k % train.length]!,
    sampleId: `${train[k % train.length]!.sampleId}~${k}`,
  }));
  return [...repeated, ...rest];
}

/** Runs with the big run's step health, failures and compare metrics (not its rollouts), detectors run. */
async function copyForCompare(
  db: Db,
  spec: DemoRunSpec,
  runId: string,
  copies: number,
  trainSteps: { step: number; split: string }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= copies; i++) {
    const { id } = await createRun(db, {
      ...demoCreateRun({ ...spec, seed: spec.seed + i }, "bench-"),
      name: `bench-bigrun copy ${i} (simulated)`,
    });
    await db.$transaction(
      async (tx) => {
        const health = `"step", "split", "rollouts", "turns", "healthyToolCall", "healthyResponse", "textPollution", "fullCollapse", "rewardSum", "rewardCount"`;
        await tx.$executeRawUnsafe(
          `INSERT INTO "StepHealth" ("runId", ${health}) SELECT ?, ${health} FROM "StepHealth" WHERE "runId" = ?`,
          id,
          runId,
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO "StepFailure" ("runId", "step", "split", "kind", "count") SELECT ?, "step", "split", "kind", "count" FROM "StepFailure" WHERE "runId" = ?`,
          id,
          runId,
        );
        const point = `"key", "step", "value", "nonFinite"`;
        await tx.$executeRawUnsafe(
          `INSERT INTO "MetricPoint" ("runId", ${point}) SELECT ?, ${point} FROM "MetricPoint" WHERE "runId" = ? AND "key" NOT LIKE 'bench/%'`,
          id,
          runId,
        );
        const block = `"key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue", "nonFiniteStep", "nonFinite"`;
        await tx.$executeRawUnsafe(
          `INSERT INTO "MetricBlock" ("runId", ${block}) SELECT ?, ${block} FROM "MetricBlock" WHERE "runId" = ? AND "key" NOT LIKE 'bench/%'`,
          id,
          runId,
        );
        await publishHealthChange(tx, id, trainSteps);
      },
      { timeout: 600_000 },
    );
    ids.push(id);
  }
  return ids;
}

/** Filtered rollout pages at steps across the run, and the first and a middle page of the whole run. */
async function timeRolloutPages(base: string, runId: string, options: BigRunOptions) {
  const api = `${base}/api/runs/${runId}/rollouts`;
  const { rollouts: middle } = (await (await fetch(`${api}?step=${Math.floor(options.steps / 2)}&limit=1`)).json()) as {
    rollouts: { id: number }[];
  };
  const steps = [
    0,
    Math.floor(options.steps / 4),
    Math.floor(options.steps / 2),
    Math.floor((options.steps * 3) / 4),
    options.steps - 1,
  ];
  const urls = FILTERS.flatMap((filter) => {
    const query = new URLSearchParams(filter).toString();
    return [
      ...steps.map((step) => `${api}?step=${step}&${query}`),
      `${api}?${query}`,
      `${api}?${query}&cursor=${middle[0]!.id}`,
    ];
  });
  const pages: { url: string; ms: number; rollouts: number }[] = [];
  for (const url of urls) {
    const ms = median(await timeRequests(url, options.repeats));
    const { rollouts } = (await (await fetch(url)).json()) as { rollouts: unknown[] };
    pages.push({ url: url.slice(base.length), ms, rollouts: rollouts.length });
  }
  return pages;
}

/** How many of the page's chart containers end up drawn (some panels may show "no data" instead). */
async function drawnCharts(base: string, url: string, selector: string): Promise<number> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(base + url, { waitUntil: "networkidle", timeout: 300_000 });
    await page.waitForTimeout(1_000);
    return await page.evaluate(
      (s) =>
        [...document.querySelectorAll(s)].filter((c) => c.querySelector("svg.recharts-surface path.recharts-curve"))
          .length,
      selector,
    );
  } finally {
    await browser.close();
  }
}

/** Database bytes in use (pages minus free pages), after folding the WAL into the file. */
function databaseBytes(sqlite: import("better-sqlite3").Database): number {
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const pages =
    Number(sqlite.pragma("page_count", { simple: true })) - Number(sqlite.pragma("freelist_count", { simple: true }));
  return pages * Number(sqlite.pragma("page_size", { simple: true }));
}

/** The largest peak resident set (VmHWM) of the processes in the server's process group: the Next server. */
function peakRssMiB(groupId: number): number {
  return Math.max(0, ...livePidsInGroup(groupId).map((pid) => statusKiB(pid, "VmHWM"))) / 1024;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      steps: { type: "string", default: "2000" },
      keys: { type: "string", default: "200" },
      "per-step": { type: "string", default: "500" },
      runs: { type: "string", default: "20" },
      repeats: { type: "string", default: "5" },
      "data-dir": { type: "string" },
    },
  });
  const r = await benchBigRun({
    steps: Number(values.steps),
    keys: Number(values.keys),
    perStep: Number(values["per-step"]),
    runs: Number(values.runs),
    repeats: Number(values.repeats),
    dataDir: values["data-dir"] && path.resolve(values["data-dir"]),
  });
  console.log(`run page, charts drawn: ${r.runPageMs.toFixed(0)} ms (median of ${r.repeats}; target 1,500)`);
  for (const p of r.rolloutPages)
    console.log(`  ${p.url.replace(/^\/api\/runs\/[^/]+/, "")}: ${p.ms.toFixed(1)} ms, ${p.rollouts} rollouts`);
  console.log(
    `rollout API pages filtered by state and failure: p50 ${r.rolloutPageP50Ms.toFixed(1)} ms, slowest ${r.rolloutPageMaxMs.toFixed(1)} ms (target 100)`,
  );
  console.log(
    `compare page of ${r.runs} runs, ${r.comparePanels} charts drawn: ${r.comparePageMs.toFixed(0)} ms (target 2,000)`,
  );
  console.log(
    `database: ${r.bytesPerRollout.toFixed(0)} bytes per rollout (with its ${(r.turns / r.rollouts).toFixed(1)} turns), ${r.bytesPerMetricPoint.toFixed(0)} bytes per metric point, ${r.databaseMiB.toFixed(0)} MiB in all`,
  );
  console.log(`web process peak RSS: ${r.webPeakRssMiB.toFixed(0)} MiB (limit ${WEB_RSS_LIMIT_MIB} MiB)`);
}
