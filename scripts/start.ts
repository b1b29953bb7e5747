// `npm start`: migrate the database, build the web app when sources changed, make a first API token,
// then run the web app and one worker side by side until Ctrl-C, restarting either when it dies.
import { spawn } from "node:child_process";
import path from "node:path";
import { ConfigError, resolveConfig } from "../lib/server/config";
import { createDb, type Db } from "../lib/server/db";
import { loadDemoIfEmpty } from "../lib/server/demo/load-demo-if-empty";
import { deployMigrations, ROOT } from "../lib/server/migrate";
import { importAcebenchSample } from "../lib/server/sample-data/import-acebench-sample";
import { ensureFirstToken } from "./first-token";
import { isBuildStale } from "./build-freshness";
import { superviseProcess } from "./supervise";

const config = (() => {
  try {
    return resolveConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[spikewatch] ${error.message}`);
    process.exit(2);
  }
})();
const NEXT_CLI = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  SPIKEWATCH_DATA_DIR: config.dataDir,
  DATABASE_URL: config.databaseUrl,
};

function log(message: string): void {
  console.log(`[spikewatch] ${message}`);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

// A failed demo load must not keep the dashboard from starting: report it and go on.
async function offerDemo(db: Db): Promise<void> {
  try {
    if (config.demo === "off") {
      if ((await db.run.count()) === 0) log("no runs yet; to explore simulated data: npx spikewatch demo load");
      return;
    }
    const runs = await loadDemoIfEmpty(db, config, {
      onRun: (run) => log(`demo: loaded simulated run "${run.name}"`),
      checkpointStore: config,
      onCheckpoints: (checkpoints) =>
        log(`demo: stored ${checkpoints.length} demo checkpoints; the worker replays them once it starts`),
    });
    if (runs)
      log(
        `loaded demo data (${runs.length} simulated runs, labelled "demo"); remove it with: npx spikewatch demo remove`,
      );
  } catch (error) {
    log(`demo data not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// Real sample data (SPIKEWATCH_SAMPLE_DATA): after the demo, which loads only into an empty database.
// Already imported runs are skipped; a failure is reported and the dashboard starts anyway.
async function importSampleData(db: Db): Promise<void> {
  if (config.sampleData === null) return;
  const started = performance.now();
  try {
    const runs = await importAcebenchSample(db, config.sampleData, {
      onRun: (run) =>
        log(
          `sample data: ${run.isSkipped ? "already imported" : "imported"} ACEBench run "${run.name}" (${run.dialogues} eval dialogues)`,
        ),
    });
    log(
      `sample data: ${runs.length} real ACEBench evaluation runs from ${config.sampleData} in ${((performance.now() - started) / 1000).toFixed(1)} s (SPIKEWATCH_SAMPLE_DATA=off skips them)`,
    );
  } catch (error) {
    log(`sample data not imported: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  log(`data directory ${config.dataDir}; database ${config.provider}`);
  deployMigrations(config);
  if (isBuildStale(ROOT)) {
    log("building the web app (first start or sources changed)...");
    await run(bin("next"), ["build"]);
  }
  const db = createDb(config);
  await ensureFirstToken(db, config, log);
  await offerDemo(db);
  await importSampleData(db);
  await db.$disconnect();

  // Each process runs as itself (no tsx or npm wrapper in between), so its pid is the one to signal.
  const children = [
    superviseProcess({
      label: "web",
      command: process.execPath,
      args: [NEXT_CLI, "start", "-p", String(config.port)],
      cwd: ROOT,
      env,
      log,
    }),
    superviseProcess({
      label: "worker",
      command: process.execPath,
      args: ["--import", "tsx", "worker/index.ts"],
      cwd: ROOT,
      env,
      log,
    }),
  ];
  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    log("stopping...");
    await Promise.all(children.map((child) => child.stop()));
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  log(
    `Spikewatch is starting at http://localhost:${config.port} (API at /api, worker running; health at /api/healthz)`,
  );
}

main().catch((error: unknown) => {
  console.error(`[spikewatch] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
