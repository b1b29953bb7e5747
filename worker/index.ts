import { getConfig } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { resolveWorkerEnv } from "./env";
import { runLoop } from "./loop";

async function main(): Promise<void> {
  const shutdown = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => shutdown.abort());

  const { workerId, pollMs, device, leaseMs } = resolveWorkerEnv(process.env);
  const db = getDb();
  const lease = leaseMs === undefined ? "per job type" : `${leaseMs} ms`;
  console.log(`[${workerId}] worker started, polling every ${pollMs} ms; job lease ${lease}; checkpoint replay device: ${device}`);
  try {
    await runLoop({ db, workerId, pollMs, leaseMs, signal: shutdown.signal, replay: { dataDir: getConfig().dataDir, device } });
  } finally {
    await db.$disconnect();
    console.log(`[${workerId}] worker stopped`);
  }
}

main().catch((error: unknown) => {
  console.error("worker crashed", error);
  process.exit(1);
});
