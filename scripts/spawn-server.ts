// Starts `npm start`'s script on a given data directory for benchmarks, and stops its process group.
import { spawn } from "node:child_process";
import path from "node:path";
import { freePort } from "./local-services";
import { stopProcessGroup } from "./process-group";

const ROOT = path.resolve(import.meta.dirname, "..");

/** `pid`: the process group of the server (`npm start`'s script and the Next server it starts). */
export type RunningServer = { base: string; pid: number; stop: () => Promise<void> };

export async function startServer(env: Record<string, string>, timeoutMs = 600_000): Promise<RunningServer> {
  const port = await freePort();
  const server = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, SPIKEWATCH_DEMO: "off", ...env, PORT: String(port) },
    detached: true,
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => stopProcessGroup(server.pid!, "SIGTERM");
  for (const deadline = Date.now() + timeoutMs; ;) {
    if (server.exitCode !== null) throw new Error(`scripts/start.ts exited with ${server.exitCode}`);
    if (
      await fetch(`${base}/api/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, pid: server.pid!, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error("server did not start");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
