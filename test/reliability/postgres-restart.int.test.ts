import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "@/lib/server/config";
import { createDb, type Db } from "@/lib/server/db";
import { uniqueName } from "../helpers";
import { postJson, postWithRetry, type RetryStats } from "./support/api-client";
import { expectedTotals, ingestBatch } from "./support/api-ingest-batches";
import {
  ensureBuild,
  startApiServer,
  startWorkerProcess,
  type ApiServer,
  type WorkerProcess,
} from "./support/api-processes";
import { countRunRows } from "./support/api-row-counts";
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from "./support/private-postgres";
import { migrate } from "./support/scratch-database";
import { countLines, getHealth } from "./support/service-faults";
import { waitFor } from "./support/worker-processes";

const BATCHES = 24;
const RESTART_BEFORE_BATCH = 8;
// The server stays down this long, so batches are sure to reach the web app during the outage: with
// an instant restart the last batches could finish first, and the web app never saw the fault.
const DOWN_MS = 1_500;
const SIZES = { ownRollouts: 30, sharedRollouts: 0, points: 30 };
// The PostgreSQL leg only: the server restarted is a private cluster, whatever the leg's database.
const skipReason =
  process.env.SPIKEWATCH_TEST_DB !== "postgresql" ? "runs in the PostgreSQL leg" : privatePostgresUnavailable();

let cluster: PrivatePostgres;
let db: Db;
let web: ApiServer;
let worker: WorkerProcess;
let dataDir: string;
beforeAll(async () => {
  if (skipReason) return;
  ensureBuild(); // before the cluster starts: a stale build can take minutes here
  cluster = await startPrivatePostgres();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-pg-restart-"));
  const env = { DATABASE_URL: await cluster.createDatabase("spikewatch"), SPIKEWATCH_DATA_DIR: dataDir };
  const config = resolveConfig(env);
  await migrate(config);
  db = createDb(config);
  web = await startApiServer(env);
  worker = startWorkerProcess(env);
  await waitFor("the worker's first status row", async () =>
    (await getHealth(web.base)).json.parts.worker.state === "idle" ? true : undefined,
  );
});
afterAll(async () => {
  if (skipReason) return;
  await worker?.stop();
  await web?.kill("SIGTERM");
  await db?.$disconnect();
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(skipReason)(
  `PostgreSQL restarted mid-ingestion${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    it("keeps the web app and the worker up; re-posted batches leave exact counts; the fault is reported once", async () => {
      const runId = (await postJson(web.base, "/api/runs", { name: uniqueName("pg-restart") })).json.id as string;
      const stats: RetryStats = { retries: 0, connectionErrors: 0, serverErrors: 0 };
      let restarted: Promise<void> = Promise.resolve();
      for (let b = 0; b < BATCHES; b++) {
        if (b === RESTART_BEFORE_BATCH)
          restarted = new Promise((resolve) => setTimeout(resolve, 20)).then(() => cluster.restart(DOWN_MS));
        const { rollouts, points } = ingestBatch(0, b, SIZES);
        expect((await postWithRetry(web.base, `/api/runs/${runId}/rollouts`, { rollouts }, stats)).status).toBe(200);
        expect((await postWithRetry(web.base, `/api/runs/${runId}/metrics`, { points }, stats)).status).toBe(200);
      }
      await restarted;
      expect(await countRunRows(db, runId)).toEqual(expectedTotals(1, BATCHES, SIZES));
      expect(stats.connectionErrors).toBe(0); // the web process itself never went away

      // The worker came through the restart: it takes and finishes a job queued now.
      const { jobId } = (await postWithRetry(web.base, `/api/runs/${runId}/reclassify`, {}, stats)).json as {
        jobId: string;
      };
      await waitFor(
        "the reclassification to succeed",
        async () =>
          (await db.job.findUniqueOrThrow({ where: { id: jobId } })).status === "succeeded" ? true : undefined,
        60_000,
      );
      expect(worker.isRunning()).toBe(true);

      const dropped =
        /57P01|57P03|terminat|ECONNREFUSED|DatabaseNotReachable|reach database|onnection|shutting down|starting up/;
      let latest: any;
      const health = await waitFor(
        "the worker to report the fault",
        async () => {
          latest = (await getHealth(web.base)).json;
          return dropped.test(latest.parts.worker.lastError ?? "") ? latest : undefined;
        },
        30_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}: ${JSON.stringify(latest)}\n${worker.output()}\n${web.output()}`);
      });
      expect(health.ok).toBe(true);
      expect(health.parts.database.lastError ?? "", `${JSON.stringify(health)}\n${web.output()}`).toMatch(dropped);
      expect(countLines(web.output(), /database unavailable/), web.output()).toBe(1);
      expect(countLines(worker.output(), /database unavailable/), worker.output()).toBe(1);
    }, 240_000);
  },
);
