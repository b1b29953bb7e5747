// Benchmark (not a test): live alert latency. Per trial, a fresh run gets a healthy baseline, a client
// listens on GET /api/runs/:id/events of web process A, and one POST of fully collapsed rollouts raises
// a structural alert; measured: POST start to the alert event read off A's stream, and the POST
// round-trip alone. Two legs per engine: the POST goes to A itself (woken in-process), or to a second
// web process B on the same database (woken across processes: NOTIFY on PostgreSQL, the newest-id
// read on SQLite), as a write from the worker, the CLI or another web host would be.
//   npm run bench:live [-- --trials 20 --engine sqlite|postgresql|both]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createScratchDatabase, dropScratchDatabase, freePort } from "./local-services";
import { median, percentile } from "./median";
import { startServer } from "./spawn-server";

const ROOT = path.resolve(import.meta.dirname, "..");
const TOKEN = "bench-token-0123456789";
const HEADERS = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const USER = "<|im_start|>user\nSend Frank a message<|im_end|>\n";
const HEALTHY = `${USER}<|im_start|>assistant\n<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank"}}\n</tool_call><|im_end|>\n`;
const COLLAPSED = `${USER}<|im_start|>assistant\n<tool_call>\n<|im_end|>\n`;
/** Enough steps and turns per step for the detector's baseline (10 steps of at least 8 turns). */
const BASELINE_STEPS = 10;
const ROLLOUTS_PER_STEP = 8;

export type Engine = "sqlite" | "postgresql";
type Percentiles = { p50Ms: number; p95Ms: number };
export type LiveResult = {
  engine: Engine;
  trials: number;
  /** POST to the web process serving the stream */
  sameProcess: Percentiles;
  /** POST to a second web process on the same database */
  otherProcess: Percentiles;
  /** the POST round-trip alone, both legs */
  post: Percentiles;
  /**
   * The alert's arrival after the POST's answer, per trial (negative: it came first), both legs: an
   * upper bound of the delay from the commit that raised the alert to the open page.
   */
  afterAnswer: Percentiles;
  /** kept for scripts/bench.ts: the same-process leg */
  alertP50Ms: number;
  alertP95Ms: number;
  postP50Ms: number;
  postP95Ms: number;
};

export async function benchLiveLatency({
  trials,
  engine = "sqlite",
}: {
  trials: number;
  engine?: Engine;
}): Promise<LiveResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-live-"));
  const dbName = `spikewatch_bench_live_${process.pid}_${Date.now()}`;
  const databaseUrl = engine === "postgresql" ? await createScratchDatabase(dbName) : "";
  const env = {
    SPIKEWATCH_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SPIKEWATCH_API_TOKEN: TOKEN,
    SPIKEWATCH_SAMPLE_DATA: "off",
  };
  const server = await startServer(env);
  const second = await startSecondWeb({
    ...env,
    SPIKEWATCH_DEMO: "off",
    DATABASE_URL: databaseUrl || `file:${path.join(dataDir, "spikewatch.db")}`,
  });
  try {
    const same: number[] = [];
    const other: number[] = [];
    const posts: number[] = [];
    const afterAnswer: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      for (const [writer, times] of [
        [server.base, same],
        [second.base, other],
      ] as const) {
        const { alertMs, postMs } = await oneTrial(server.base, writer, `live-${trial}-${times === same ? "a" : "b"}`);
        times.push(alertMs);
        posts.push(postMs);
        afterAnswer.push(alertMs - postMs);
      }
    }
    const stats = (xs: number[]) => ({ p50Ms: median(xs), p95Ms: percentile(xs, 0.95) });
    const sameProcess = stats(same);
    const post = stats(posts);
    return {
      engine,
      trials,
      sameProcess,
      otherProcess: stats(other),
      post,
      afterAnswer: stats(afterAnswer),
      alertP50Ms: sameProcess.p50Ms,
      alertP95Ms: sameProcess.p95Ms,
      postP50Ms: post.p50Ms,
      postP95Ms: post.p95Ms,
    };
  } finally {
    await second.stop();
    await server.stop();
    if (engine === "postgresql") await dropScratchDatabase(dbName);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A second `next start` on the database of the first (its build is already fresh). */
async function startSecondWeb(env: Record<string, string>): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const next = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  for (const deadline = Date.now() + 60_000; ;) {
    if (
      await fetch(`${base}/api/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error("the second web process did not start");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function oneTrial(
  streamBase: string,
  writerBase: string,
  name: string,
): Promise<{ alertMs: number; postMs: number }> {
  const { id } = (await post(`${writerBase}/api/runs`, { name })) as { id: string };
  const rollouts = (step: number, text: string) =>
    Array.from({ length: ROLLOUTS_PER_STEP }, (_, i) => ({ step, sampleId: `s${i}`, text }));
  await post(`${writerBase}/api/runs/${id}/rollouts`, {
    rollouts: Array.from({ length: BASELINE_STEPS }, (_, step) => rollouts(step, HEALTHY)).flat(),
  });

  const stream = new AbortController();
  const res = await fetch(`${streamBase}/api/runs/${id}/events`, { signal: stream.signal });
  if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    await readUntil(reader, ": connected"); // the stream's cursor is set: later changes will be sent
    // A random phase against any periodic work in the server (the fallback poll, the SQLite watcher).
    await new Promise((r) => setTimeout(r, Math.random() * 100));
    const started = performance.now();
    const posted = post(`${writerBase}/api/runs/${id}/rollouts`, {
      rollouts: rollouts(BASELINE_STEPS, COLLAPSED),
    }).then(() => performance.now() - started);
    await readUntil(reader, "event: alert");
    const alertMs = performance.now() - started;
    return { alertMs, postMs: await posted };
  } finally {
    stream.abort();
  }
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: HEADERS, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Reads the stream until `marker` appears (within 30 s); what came before it is dropped. */
async function readUntil(reader: ReadableStreamDefaultReader<string>, marker: string): Promise<void> {
  const timeout = setTimeout(() => void reader.cancel(new Error(`no "${marker}" within 30 s`)), 30_000);
  try {
    for (let seen = ""; !seen.includes(marker);) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before "${marker}"`);
      seen = (seen + value).slice(-4_096);
    }
  } finally {
    clearTimeout(timeout);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { trials: { type: "string", default: "20" }, engine: { type: "string", default: "both" } },
  });
  const engines: Engine[] = values.engine === "both" ? ["sqlite", "postgresql"] : [values.engine as Engine];
  const ms = (p: Percentiles) => `p50 ${p.p50Ms.toFixed(0)} ms, p95 ${p.p95Ms.toFixed(0)} ms`;
  for (const engine of engines) {
    const r = await benchLiveLatency({ trials: Number(values.trials), engine });
    console.log(
      `${engine}: alert on the SSE stream after the POST (${r.trials} trials each): ` +
        `same web process ${ms(r.sameProcess)}; POST to a second web process ${ms(r.otherProcess)}; POST round-trip alone ${ms(r.post)}; ` +
        `alert after the POST's answer (commit to page, at most) ${ms(r.afterAnswer)}`,
    );
  }
}
