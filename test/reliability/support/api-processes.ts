// Real web and worker processes for the reliability suites, on this test run's database. Each runs in
// its own process group, so a kill reaches every child too.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { isBuildStale } from "@/scripts/build-freshness";
import { freePort } from "@/scripts/local-services";
import { livePidsInGroup, statusKiB, stopProcessGroup } from "@/scripts/process-group";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

export type ApiServer = {
  base: string;
  /** sends `signal` to the process group and waits for it to exit */
  kill: (signal: "SIGTERM" | "SIGKILL") => Promise<void>;
  /** starts the process again on the same port and waits until /api/healthz answers */
  start: () => Promise<void>;
  /** everything the process printed, for failure messages */
  output: () => string;
  /** resident memory of the server's processes now, in bytes (Linux /proc) */
  rssBytes: () => number;
};

function spawnGroup(command: string, args: string[], env: Record<string, string>, log: { text: string }): ChildProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const append = (chunk: Buffer) => (log.text = (log.text + chunk.toString()).slice(-20_000));
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return child;
}

/** Builds the Next app when its build is missing or older than its sources, as `npm start` does. */
export function ensureBuild(): void {
  if (!isBuildStale(ROOT)) return;
  const build = spawnSync(bin("next"), ["build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
}

/**
 * Starts the production web server (`next start`, building first if needed) with `env` on top of this
 * process's, so the suites go through Next's own request handling. SIGTERM stops it taking new
 * connections and ends it once requests in flight are answered (SIGKILL after 5 s, see stopProcessGroup).
 */
export async function startApiServer(env: Record<string, string> = {}): Promise<ApiServer> {
  ensureBuild();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = { text: "" };
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawnGroup(
      bin("next"),
      ["start", "-p", String(port), "-H", "127.0.0.1"],
      { NEXT_TELEMETRY_DISABLED: "1", ...env },
      log,
    );
    for (const deadline = Date.now() + 60_000; ;) {
      if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log.text}`);
      if (
        await fetch(`${base}/api/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline) {
        await stopProcessGroup(child.pid!, "SIGKILL");
        throw new Error(`next start did not answer within 60 s:\n${log.text}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await start();
  return {
    base,
    start,
    kill: (signal) => stopProcessGroup(child!.pid!, signal),
    output: () => log.text,
    rssBytes: () => groupRssBytes(child!.pid!),
  };
}

/** The summed resident set of every process in group `pgid` (the server and any child it forked). */
function groupRssBytes(pgid: number): number {
  return livePidsInGroup(pgid).reduce((total, pid) => total + statusKiB(pid, "VmRSS") * 1024, 0);
}

export type WorkerProcess = { isRunning: () => boolean; stop: () => Promise<void>; output: () => string };

/** Starts the real worker (`tsx worker/index.ts`) polling every 100 ms. */
export function startWorkerProcess(env: Record<string, string> = {}): WorkerProcess {
  const log = { text: "" };
  const child = spawnGroup(
    bin("tsx"),
    ["worker/index.ts"],
    { SPIKEWATCH_WORKER_POLL_MS: "100", SPIKEWATCH_DEVICE: "cpu", ...env },
    log,
  );
  return {
    isRunning: () => child.exitCode === null && child.signalCode === null,
    stop: () => stopProcessGroup(child.pid!, "SIGTERM"),
    output: () => log.text,
  };
}
