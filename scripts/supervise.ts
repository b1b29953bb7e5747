// Keeps one child process running for `npm start`: restarts it with backoff whenever it ends, tells
// the new process how often and why (SPIKEWATCH_RESTARTS, SPIKEWATCH_LAST_EXIT), and stops it on request.
import { spawn, type ChildProcess } from "node:child_process";
import { SUPERVISION_ENV } from "../lib/server/service-health/supervision";

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** A process that ran this long counts as healthy again: its next restart waits the first delay. */
const STABLE_AFTER_MS = 60_000;
/** How long a stop waits for SIGTERM to end the process before SIGKILL. */
const STOP_GRACE_MS = 10_000;

export type SupervisedProcess = { label: string; stop: () => Promise<void> };

type SuperviseOptions = {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
};

/** The delay before restart number `n` (1-based) of a process that keeps failing: 1 s doubling to 30 s. */
export function restartDelayMs(n: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (n - 1));
}

export function superviseProcess({ label, command, args, cwd, env, log }: SuperviseOptions): SupervisedProcess {
  let child: ChildProcess | null = null;
  let restarts = 0;
  let failuresInARow = 0;
  let lastExit: { reason: string; at: string } | null = null;
  let isStopping = false;
  let restartTimer: NodeJS.Timeout | undefined;

  const start = () => {
    const startedAt = Date.now();
    const supervision = {
      [SUPERVISION_ENV.restarts]: String(restarts),
      ...(lastExit ? { [SUPERVISION_ENV.lastExit]: lastExit.reason, [SUPERVISION_ENV.lastExitAt]: lastExit.at } : {}),
    };
    const proc = spawn(command, args, { cwd, env: { ...env, ...supervision }, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    const prefix = (chunk: Buffer) => chunk.toString().replace(/^(?=.)/gm, `[${label}] `);
    proc.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
    proc.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
    proc.on("error", (error) => log(`${label} could not start: ${error.message}`));
    proc.on("exit", (code, signal) => {
      child = null;
      if (isStopping) return;
      lastExit = {
        reason: signal ? `was killed by ${signal}` : `exited with code ${code}`,
        at: new Date().toISOString(),
      };
      failuresInARow = Date.now() - startedAt >= STABLE_AFTER_MS ? 1 : failuresInARow + 1;
      restarts++;
      const delay = restartDelayMs(failuresInARow);
      log(
        `${label} (pid ${proc.pid}) ${lastExit.reason}; restart ${restarts} in ${(delay / 1000).toFixed(0)} s; the other processes keep running`,
      );
      restartTimer = setTimeout(start, delay);
    });
  };
  start();

  return {
    label,
    stop: async () => {
      isStopping = true;
      clearTimeout(restartTimer);
      const proc = child;
      if (!proc) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      proc.kill("SIGTERM");
      const killTimer = setTimeout(() => proc.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
