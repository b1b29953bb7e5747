// Real worker processes for the reliability suites: `node --import tsx worker/index.ts`, one process
// each (the tsx CLI would add a parent process), so a signal reaches the worker itself.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

/** Runs a TypeScript file of this repository as its own Node process, with tsx's loader. */
export function spawnTs(script: string, env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
}

export type Worker = {
  /** its SPIKEWATCH_WORKER_ID, the leaseOwner on the jobs it holds */
  id: string;
  /** SIGKILL, as the OOM killer or a pulled plug would; resolves once the process is gone */
  kill: () => Promise<void>;
  /** SIGTERM: the worker finishes its current job and exits */
  stop: () => Promise<void>;
  output: () => string;
};

/** Starts one worker polling every 50 ms on the CPU, with `env` (DATABASE_URL, SPIKEWATCH_DATA_DIR, ...) on top of this process's. */
export function startWorker(id: string, env: Record<string, string>): Worker {
  const child = spawnTs("worker/index.ts", {
    ...process.env,
    SPIKEWATCH_WORKER_POLL_MS: "50",
    SPIKEWATCH_DEVICE: "cpu",
    ...env,
    SPIKEWATCH_WORKER_ID: id,
  });
  let log = "";
  const append = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { id, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM"), output: () => log };
}

/** Polls `probe` every 25 ms until it returns a value; throws after `timeoutMs` (a hang guard, not a timing claim). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
