// Benchmark (not a test): a run with 10 metric keys x 100,000 steps (and 100,000 steps of structural
// health), served by `npm start`'s script on a fresh SQLite data directory. Prints the API time for one
// downsampled series and the run page's time to charts drawn in Chromium, each the median of 5.
//   npm run bench:dashboard [-- --steps 100000 --keys 10 --repeats 5]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { resolveConfig } from "../lib/server/config";
import { createDb, type Db } from "../lib/server/db";
import { insertRows } from "../lib/server/insert-rows";
import { deployMigrations } from "../lib/server/migrate";
import { ingestMetrics } from "../lib/server/metrics/ingest-metrics";
import { createRun } from "../lib/server/runs/create-run";
import { startServer } from "./spawn-server";
import { median } from "./median";

const { values } = parseArgs({
  options: {
    steps: { type: "string", default: "100000" },
    keys: { type: "string", default: "10" },
    repeats: { type: "string", default: "5" },
  },
  strict: false,
});
const STEPS = Number(values.steps);
const KEYS = [
  "critic/score/mean",
  "response_length/mean",
  "actor/entropy",
  "actor/grad_norm",
  "actor/pg_clipfrac",
  "actor/ppo_kl",
  "actor/p_lbrace",
  "actor/p_im_end",
  "actor/p_tool_call",
  "env/ratio_of_valid_action",
].slice(0, Number(values.keys));
const REPEATS = Number(values.repeats);

/**
 * Stores `steps` points of one key through ingestMetrics, in batches of 100,000: a smooth series with
 * noise and a collapse at 60% of the steps, so downsampling has extremes to keep.
 */
export async function seedMetricSeries(
  db: Db,
  runId: string,
  key: string,
  keyIndex: number,
  steps: number,
): Promise<void> {
  const valueAt = (step: number) =>
    (step >= steps * 0.6 ? 0.2 : 1) * (0.5 + 0.3 * Math.sin(step / 500 + keyIndex)) +
    0.05 * Math.sin(step * 12.9898 + keyIndex * 78.233);
  for (let from = 0; from < steps; from += 100_000) {
    await ingestMetrics(
      db,
      runId,
      Array.from({ length: Math.min(100_000, steps - from) }, (_, i) => ({
        step: from + i,
        key,
        value: valueAt(from + i),
      })),
    );
  }
}

/** Wall times (ms) of `repeats` GETs of `url` read to the end, after one untimed warm-up request. */
export async function timeRequests(url: string, repeats: number): Promise<number[]> {
  await fetch(url).then((r) => r.json());
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    await res.json();
    times.push(performance.now() - started);
  }
  return times;
}

async function seed(dataDir: string): Promise<string> {
  const config = resolveConfig({ SPIKEWATCH_DATA_DIR: dataDir });
  deployMigrations(config);
  const db = createDb(config);
  const { id } = await createRun(db, {
    name: "bench-100k",
    regime: "vanilla_rl",
    phases: [{ kind: "rl", startStep: 0, endStep: STEPS - 1 }],
  });
  const started = performance.now();
  for (const [k, key] of KEYS.entries()) await seedMetricSeries(db, id, key, k, STEPS);
  const metricsSeconds = (performance.now() - started) / 1000;
  // Per step: 64 turns; 2 collapsed while healthy, all healthy tool calls gone at one step (STEPS/3), 40 collapsed after 60%.
  const collapsedAt = (step: number) => (step >= STEPS * 0.6 ? 40 : step === Math.floor(STEPS / 3) ? 56 : 2);
  await db.$transaction(
    async (tx) => {
      const health = Array.from({ length: STEPS }, (_, step) => {
        const broken = collapsedAt(step);
        return [id, step, "train", 16, 64, 56 - broken, 6, 2, broken, 16 - broken / 4, 16];
      });
      await insertRows(
        tx,
        "StepHealth",
        [
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
        ],
        health,
      );
      const failures = Array.from({ length: STEPS }, (_, step) => [
        [id, step, "train", "bare_tag", collapsedAt(step)],
        [id, step, "train", "junk_tail", 2],
      ]).flat();
      await insertRows(tx, "StepFailure", ["runId", "step", "split", "kind", "count"], failures);
    },
    { timeout: 600_000 },
  );
  await db.$disconnect();
  console.log(
    `seeded ${KEYS.length} keys x ${STEPS} steps (${KEYS.length * STEPS} metric points through ingestMetrics in ${metricsSeconds.toFixed(1)} s) and ${STEPS} steps of structural health`,
  );
  return id;
}

async function timeApi(base: string, url: string): Promise<number> {
  return median(await timeRequests(base + url, REPEATS));
}

/**
 * Median wall time (ms) from navigation to `charts` chart containers (`selector`) each holding a drawn
 * recharts series, over `repeats` loads after one warm-up load.
 */
export async function timePage(
  base: string,
  url: string,
  charts: number,
  { selector = '[data-testid^="chart-"]', repeats = REPEATS } = {},
): Promise<number> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  const times: number[] = [];
  try {
    for (let i = 0; i <= repeats; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      const started = performance.now();
      await page.goto(base + url);
      // Drawn = every chart container holds an svg with at least one drawn series path.
      await page
        .waitForFunction(
          ({ n, selector }) => {
            const drawn = [...document.querySelectorAll(selector)].filter((c) =>
              c.querySelector(
                "svg.recharts-surface path.recharts-curve, svg.recharts-surface path.recharts-area-area, svg.recharts-surface path.recharts-rectangle",
              ),
            );
            return drawn.length >= n;
          },
          { n: charts, selector },
          { timeout: 120_000 },
        )
        .catch(async (error: unknown) => {
          const shot = path.join(os.tmpdir(), "bench-dashboard-timeout.png");
          await page.screenshot({ path: shot, fullPage: true });
          throw new Error(`charts not drawn within 120 s at ${url} (screenshot: ${shot})`, { cause: error });
        });
      if (i > 0) times.push(performance.now() - started); // the first load warms the server's caches
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return median(times);
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-dash-"));
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  const runId = await seed(dataDir);
  const server = await startServer({ SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: "" });
  try {
    const oneSeries = await timeApi(server.base, `/api/runs/${runId}/metrics?keys=critic/score/mean&maxPoints=1000`);
    console.log(
      `API, one series of ${STEPS} points downsampled to 1,000 (GET /metrics): median ${oneSeries.toFixed(0)} ms of ${REPEATS}`,
    );
    const timeline = await timeApi(server.base, `/api/runs/${runId}/timeline?split=train`);
    console.log(
      `API, run page timeline (health of ${STEPS} steps, default series): median ${timeline.toFixed(0)} ms of ${REPEATS}`,
    );
    const page = await timePage(server.base, `/runs/${runId}`, 3);
    console.log(`run page, default charts drawn: median ${page.toFixed(0)} ms of ${REPEATS}`);
    const allKeys = await timePage(server.base, `/runs/${runId}?keys=${encodeURIComponent(KEYS.join(","))}`, 4);
    console.log(
      `run page with all ${KEYS.length} metric keys picked, charts drawn: median ${allKeys.toFixed(0)} ms of ${REPEATS}`,
    );
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
