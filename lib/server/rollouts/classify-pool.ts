import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { prepareRollout, type PreparedRollout } from "@/lib/domain/ingest/prepare-rollout";
import type { RolloutInput } from "@/lib/domain/ingest/schemas";
import type { ParseResult, TranscriptFormat } from "@/lib/domain/transcripts/message";
import { getConfig } from "../context";

// Started from the repository root (npm start, tests, scripts); Next's bundles have no file path of their own.
// Joined at run time so the bundler does not pull the thread (and tsx) into the web app's bundle.
const THREAD_FILE = [process.cwd(), "lib", "server", "rollouts", "classify-thread.mjs"].join(path.sep);
// Below this many rollouts a share is not worth the copy to a thread and back.
const MIN_SHARE = 32;

type Pending = { resolve: (results: ParseResult<PreparedRollout>[]) => void; fallback: () => void };
/** `isReady`: the thread has loaded the classifier (tsx compiles it first: seconds on a loaded machine). */
type PoolThread = { worker: Worker; pending: Map<number, Pending>; isReady: boolean; loaded: Promise<void> };

const pool = ((
  globalThis as { spikewatchClassifyPool?: { threads: PoolThread[] | null; nextId: number } }
).spikewatchClassifyPool ??= {
  threads: null,
  nextId: 0,
});

/**
 * Parses and classifies a batch (prepareRollout on each, results in input order), in shares run at
 * once by the calling thread and a pool of worker threads, so a batch costs about 1/(threads + 1) of
 * the CPU time on its critical path and other requests are not starved meanwhile. Threads:
 * SPIKEWATCH_CLASSIFY_THREADS, default one fewer than the cores (0: all on the calling thread). A
 * thread that fails hands its share back to the calling thread, so the result never depends on the pool.
 */
export async function prepareRollouts(
  inputs: readonly RolloutInput[],
  format?: TranscriptFormat,
): Promise<ParseResult<PreparedRollout>[]> {
  // A thread still loading gets no share: the first batches would wait for it.
  const threads = poolThreads().filter((t) => t.isReady);
  const shares = Math.min(threads.length + 1, Math.floor(inputs.length / MIN_SHARE));
  if (shares <= 1) return inputs.map((input) => prepareRollout(input, format));
  const size = Math.ceil(inputs.length / shares);
  const offloaded = threads
    .slice(0, shares - 1)
    .map((thread, i) => runOn(thread, inputs.slice((i + 1) * size, (i + 2) * size), format));
  const own = inputs.slice(0, size).map((input) => prepareRollout(input, format));
  return [own, ...(await Promise.all(offloaded))].flat();
}

/** Starts the pool if it is not running and resolves with how many threads have loaded the classifier. */
export async function startClassifyPool(): Promise<number> {
  await Promise.all(poolThreads().map((t) => t.loaded));
  return poolThreads().filter((t) => t.isReady).length;
}

function runOn(
  thread: PoolThread,
  inputs: readonly RolloutInput[],
  format?: TranscriptFormat,
): Promise<ParseResult<PreparedRollout>[]> {
  return new Promise((resolve, reject) => {
    const id = pool.nextId++;
    const fallback = () => {
      try {
        resolve(inputs.map((input) => prepareRollout(input, format)));
      } catch (error) {
        reject(error);
      }
    };
    thread.pending.set(id, { resolve, fallback });
    thread.worker.ref(); // an idle pool must not keep a CLI alive, a busy one must
    thread.worker.postMessage({ id, inputs, format });
  });
}

function poolThreads(): PoolThread[] {
  if (pool.threads) return pool.threads;
  const count = getConfig().classifyThreads;
  pool.threads = count > 0 && fs.existsSync(THREAD_FILE) ? Array.from({ length: count }, startThread) : [];
  return pool.threads;
}

function startThread(): PoolThread {
  let markLoaded = () => {};
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
  const thread: PoolThread = {
    worker: new Worker(/* turbopackIgnore: true */ THREAD_FILE),
    pending: new Map(),
    isReady: false,
    loaded,
  };
  thread.worker.on(
    "message",
    ({ id, results, isReady }: { id?: number; results?: ParseResult<PreparedRollout>[]; isReady?: boolean }) => {
      if (isReady) {
        thread.isReady = true;
        return markLoaded();
      }
      const task = thread.pending.get(id!);
      thread.pending.delete(id!);
      if (thread.pending.size === 0) thread.worker.unref();
      if (!task) return;
      if (results) task.resolve(results);
      else task.fallback(); // the calling thread classifies again, and throws the same error if it is the input's
    },
  );
  // A thread that dies is dropped, not restarted: a thread file that cannot load would otherwise respawn forever.
  const fail = (error?: unknown) => {
    if (error)
      console.error(`[spikewatch] classify thread failed, its work goes back to the request thread: ${String(error)}`);
    markLoaded();
    for (const task of thread.pending.values()) task.fallback();
    thread.pending.clear();
    if (pool.threads) pool.threads = pool.threads.filter((t) => t !== thread);
  };
  thread.worker.on("error", fail);
  thread.worker.on("exit", () => fail());
  thread.worker.unref(); // after the listeners: adding a "message" listener refs the worker again
  return thread;
}
