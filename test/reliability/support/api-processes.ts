// Real web and worker processes for the reliability suites, on this test run's database. Each runs in
// its own process group, so a kill reaches tsx's node child too.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "@/scripts/local-services";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export type ApiServer = {
  base: string;
  /** sends `signal` to the process group and waits for it to exit */
  kill: (signal: "SIGTERM" | "SIGKILL") => Promise<void>;
  /** starts the process again on the same port and waits until /api/healthz answers */
  start: () => Promise<void>;
  /** everything the process printed, for failure messages */
  output: () => string;
};

function spawnGroup(script: string, env: Record<string, string>, log: { text: string }): ChildProcess {
  const child = spawn(TSX, [script], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const append = (chunk: Buffer) => (log.text = (log.text + chunk.toString()).slice(-20_000));
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return child;
}

async function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid!, signal);
  } catch {
    return; // already gone
  }
  await exited;
}

/** Starts test/reliability/support/api-server.ts (the real route handlers over HTTP) with `env` on top of this process's. */
export async function startApiServer(env: Record<string, string> = {}): Promise<ApiServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = { text: "" };
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawnGroup("test/reliability/support/api-server.ts", { ...env, PORT: String(port) }, log);
    for (const deadline = Date.now() + 60_000; ; ) {
      if (child.exitCode !== null) throw new Error(`api-server exited with ${child.exitCode}:\n${log.text}`);
      if (await fetch(`${base}/api/healthz`).then((r) => r.ok, () => false)) return;
      if (Date.now() > deadline) {
        await killGroup(child, "SIGKILL");
        throw new Error(`api-server did not answer within 60 s:\n${log.text}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await start();
  return { base, start, kill: (signal) => killGroup(child!, signal), output: () => log.text };
}

export type WorkerProcess = { isRunning: () => boolean; stop: () => Promise<void>; output: () => string };

/** Starts the real worker (`tsx worker/index.ts`) polling every 100 ms. */
export function startWorkerProcess(env: Record<string, string> = {}): WorkerProcess {
  const log = { text: "" };
  const child = spawnGroup("worker/index.ts", { SPIKEWATCH_WORKER_POLL_MS: "100", SPIKEWATCH_DEVICE: "cpu", ...env }, log);
  return {
    isRunning: () => child.exitCode === null && child.signalCode === null,
    stop: () => killGroup(child, "SIGTERM"),
    output: () => log.text,
  };
}
