// Benchmark (not a test): live alert latency. Per trial, a fresh run gets a healthy baseline, a client
// listens on GET /api/runs/:id/events, and one POST of fully collapsed rollouts raises a structural
// alert; measured: POST start to the alert event read off the stream, and the POST round-trip alone.
//   npm run bench:live [-- --trials 20]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { median, percentile } from "./median";
import { startServer } from "./spawn-server";

const TOKEN = "bench-token-0123456789";
const HEADERS = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const USER = "<|im_start|>user\nSend Frank a message<|im_end|>\n";
const HEALTHY = `${USER}<|im_start|>assistant\n<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank"}}\n</tool_call><|im_end|>\n`;
const COLLAPSED = `${USER}<|im_start|>assistant\n<tool_call>\n<|im_end|>\n`;
/** Enough steps and turns per step for the detector's baseline (10 steps of at least 8 turns). */
const BASELINE_STEPS = 10;
const ROLLOUTS_PER_STEP = 8;

export type LiveResult = { trials: number; alertP50Ms: number; alertP95Ms: number; postP50Ms: number; postP95Ms: number };

export async function benchLiveLatency({ trials }: { trials: number }): Promise<LiveResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-live-"));
  const server = await startServer({ SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: "", SPIKEWATCH_API_TOKEN: TOKEN, SPIKEWATCH_SAMPLE_DATA: "off" });
  try {
    const alertTimes: number[] = [];
    const postTimes: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const { alertMs, postMs } = await oneTrial(server.base, `live-${trial}`);
      alertTimes.push(alertMs);
      postTimes.push(postMs);
    }
    return { trials, alertP50Ms: median(alertTimes), alertP95Ms: percentile(alertTimes, 0.95), postP50Ms: median(postTimes), postP95Ms: percentile(postTimes, 0.95) };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function oneTrial(base: string, name: string): Promise<{ alertMs: number; postMs: number }> {
  const { id } = (await post(`${base}/api/runs`, { name })) as { id: string };
  const rollouts = (step: number, text: string) => Array.from({ length: ROLLOUTS_PER_STEP }, (_, i) => ({ step, sampleId: `s${i}`, text }));
  await post(`${base}/api/runs/${id}/rollouts`, { rollouts: Array.from({ length: BASELINE_STEPS }, (_, step) => rollouts(step, HEALTHY)).flat() });

  const stream = new AbortController();
  const res = await fetch(`${base}/api/runs/${id}/events`, { signal: stream.signal });
  if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    await readUntil(reader, ": connected"); // the stream's cursor is set: later changes will be sent
    const started = performance.now();
    const posted = post(`${base}/api/runs/${id}/rollouts`, { rollouts: rollouts(BASELINE_STEPS, COLLAPSED) }).then(() => performance.now() - started);
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
    for (let seen = ""; !seen.includes(marker); ) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before "${marker}"`);
      seen = (seen + value).slice(-4_096);
    }
  } finally {
    clearTimeout(timeout);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { trials: { type: "string", default: "20" } } });
  const r = await benchLiveLatency({ trials: Number(values.trials) });
  console.log(`alert on the SSE stream after the POST: p50 ${r.alertP50Ms.toFixed(0)} ms, p95 ${r.alertP95Ms.toFixed(0)} ms over ${r.trials} trials; POST round-trip alone p50 ${r.postP50Ms.toFixed(0)} ms, p95 ${r.postP95Ms.toFixed(0)} ms`);
}
