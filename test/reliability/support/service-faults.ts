// Faults for the service-fault suites, each made the way it happens in production: a writer in
// another process holding the database lock, a killed process under `npm start`, and a way to read
// what the service then reports (GET /api/healthz) and logs.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Config } from "@/lib/server/config";
import { TEST_API_TOKEN } from "@/test/global-setup";
import { freePort } from "@/scripts/local-services";
import { waitFor } from "./worker-processes";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

/** GET /api/healthz with a 10 s hang guard (generous: these suites run on a loaded 2-core machine). */
export async function getHealth(base: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}/api/healthz`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, json: await res.json() };
}

/** Lines of `text` matching `pattern`: a fault must be logged once, not once per retry. */
export function countLines(text: string, pattern: RegExp): number {
  return text.split("\n").filter((line) => pattern.test(line)).length;
}

// Runs in its own Node process: SQLite's write lock (BEGIN IMMEDIATE) or, on PostgreSQL, ACCESS
// EXCLUSIVE locks on the tables ingestion and the job queue write, held for `ms`, then released.
const LOCK_HOLDER = `
const [url, ms, tables] = process.argv.slice(1);
const release = (done) => setTimeout(async () => { await done(); console.log("released"); process.exit(0); }, Number(ms));
if (url.startsWith("file:")) {
  const db = new (require("better-sqlite3"))(url.slice(5));
  db.exec("BEGIN IMMEDIATE");
  console.log("locked");
  release(async () => db.exec("COMMIT"));
} else {
  const client = new (require("pg").Client)({ connectionString: url });
  client.connect().then(async () => {
    await client.query("BEGIN");
    await client.query("LOCK TABLE " + tables.split(",").map((t) => '"' + t + '"').join(", ") + " IN ACCESS EXCLUSIVE MODE");
    console.log("locked");
    release(async () => { await client.query("COMMIT"); await client.end(); });
  });
}`;

/** Holds the database's write lock from another process for `ms`; resolves once it is held, with the release. */
export async function holdWriteLock(
  config: Config,
  ms: number,
  tables = ["Rollout", "MetricPoint", "Job"],
): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, ["-e", LOCK_HOLDER, config.databaseUrl, String(ms), tables.join(",")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited with ${code}`)))),
  );
  await waitFor("the lock holder to take the lock", async () => (out.includes("locked") ? true : undefined), 30_000);
  return { released: exited };
}

export type SupervisedService = {
  base: string;
  /** everything `npm start` printed (its own lines and its children's, prefixed) */
  output: () => string;
  /** SIGTERM to `npm start`, as Ctrl-C would: resolves with its exit code once it exited */
  stop: () => Promise<number | null>;
};

/**
 * `npm start` (scripts/start.ts) on the suite's database: migrations, build when stale, then the web
 * app and a worker under its supervision. Resolves once the web app and a worker report in healthz.
 */
export async function startSupervisedService(env: Record<string, string>): Promise<SupervisedService> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      SPIKEWATCH_API_TOKEN: TEST_API_TOKEN,
      SPIKEWATCH_DEMO: "off",
      SPIKEWATCH_SAMPLE_DATA: "off",
      SPIKEWATCH_WORKER_POLL_MS: "100",
      SPIKEWATCH_DEVICE: "cpu",
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const append = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-200_000));
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exited;
  };
  try {
    await waitFor(
      "npm start to serve with a worker",
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log}`);
        const health = await getHealth(base).catch(() => null);
        return health?.json.ok && ["idle", "busy"].includes(health.json.parts.worker.state) ? true : undefined;
      },
      240_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, output: () => log, stop };
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
