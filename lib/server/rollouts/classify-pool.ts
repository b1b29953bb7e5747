import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { prepareStorableRollout, type StorableRollout } from "@/lib/domain/ingest/prepare-rollout";
import type { RolloutInput } from "@/lib/domain/ingest/schemas";
import type { ParseResult, TranscriptFormat } from "@/lib/domain/transcripts/message";
import { getConfig } from "../context";

// Started from the repository root (npm start, tests, scripts); Next's bundles have no file path of their own.
// Joined at run time so the bundler does not pull the thread (and tsx) into the web app's bundle.
const THREAD_FILE = [process.cwd(), "lib", "server", "rollouts", "classify-thread.mjs"].join(path.sep);
// Rollouts per message to a thread: small enough that whoever is faster takes more of the batch (a
// thread may get less than a core), large enough that the copy to a thread and back stays cheap.
const CHUNK_SIZE = 25;
// Chunks each thread holds at once, so it starts the next while its last results travel back.
const CHUNKS_IN_FLIGHT = 2;

type Pending = { resolve: (results: ParseResult<StorableRollout>[]) => void; fallback: () => void };
/**
 * `isReady`: the thread has loaded the classifier (tsx compiles it first: seconds on a loaded machine).
 * `hasFailed`: it died; chunks a batch still sends it go back to the calling thread.
 */
type PoolThread = {
  worker: Worker;
  pending: Map<number, Pending>;
  isReady: boolean;
  hasFailed: boolean;
  loaded: Promise<void>;
};

const pool = ((
  globalThis as { spikewatchClassifyPool?: { threads: PoolThread[] | null; nextId: number } }
).spikewatchClassifyPool ??= {
  threads: null,
  nextId: 0,
});

/**
 * Parses and classifies a batch (prepareStorableRollout on each, results in input order), in chunks taken
 * by the calling thread and a pool of worker threads as each is free, so a batch costs about
 * 1/(threads + 1) of the CPU time on its critical path and other requests are not starved meanwhile. Threads:
 * SPIKEWATCH_CLASSIFY_THREADS, default one fewer than the cores (0: all on the calling thread). A
 * thread that fails hands its chunks back to the calling thread, so the result never depends on the pool.
 */
export async function prepareRollouts(
  inputs: readonly RolloutInput[],
  format?: TranscriptFormat,
): Promise<ParseResult<StorableRollout>[]> {
  // A thread still loading gets no chunk: the first batches would wait for it.
  const threads = poolThreads().filter((t) => t.isReady);
  if (threads.length === 0 || inputs.length < 2 * CHUNK_SIZE)
    return inputs.map((input) => prepareStorableRollout(input, format));
  const results = new Array<ParseResult<StorableRollout>>(inputs.length);
  let next = 0;
  const claim = (): [number, number] => {
    const start = next;
    next = Math.min(inputs.length, start + CHUNK_SIZE);
    return [start, next];
  };
  const lanes = threads.flatMap((thread) =>
    Array.from({ length: CHUNKS_IN_FLIGHT }, async () => {
      while (next < inputs.length) {
        const [start, end] = claim();
        (await runOn(thread, inputs.slice(start, end), format)).forEach((r, i) => (results[start + i] = r));
      }
    }),
  );
  const own = (async () => {
    while (next < inputs.length) {
      const [start, end] = claim();
      for (let i = start; i < end; i++) results[i] = prepareStorableRollout(inputs[i]!, format);
      await new Promise((resolve) => setImmediate(resolve)); // lets finished threads' messages in to claim more
    }
  })();
  await Promise.all([own, ...lanes]);
  return results;
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
): Promise<ParseResult<StorableRollout>[]> {
  return new Promise((resolve, reject) => {
    const id = pool.nextId++;
    const fallback = () => {
      try {
        resolve(inputs.map((input) => prepareStorableRollout(input, format)));
      } catch (error) {
        reject(error);
      }
    };
    if (thread.hasFailed) return fallback();
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
    hasFailed: false,
    loaded,
  };
  thread.worker.on(
    "message",
    ({ id, results, isReady }: { id?: number; results?: ParseResult<StorableRollout>[]; isReady?: boolean }) => {
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
    thread.hasFailed = true;
    for (const task of thread.pending.values()) task.fallback();
    thread.pending.clear();
    if (pool.threads) pool.threads = pool.threads.filter((t) => t !== thread);
  };
  thread.worker.on("error", fail);
  thread.worker.on("exit", () => fail());
  thread.worker.unref(); // after the listeners: adding a "message" listener refs the worker again
  return thread;
}
