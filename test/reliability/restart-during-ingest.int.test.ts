import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, uniqueName } from "../helpers";
import { postJson, postWithRetry, type RetryStats } from "./support/api-client";
import { expectedTotals, ingestBatch } from "./support/api-ingest-batches";
import { startApiServer, type ApiServer } from "./support/api-processes";
import { countRunRows } from "./support/api-row-counts";

const BATCHES = 48;
const SIZES = { ownRollouts: 40, sharedRollouts: 0, points: 40 };
// Before these batches the web process is killed a few milliseconds after the client sent the
// batch, so the kill usually lands while that batch's transaction is open; then it is restarted.
const KILLS: { beforeBatch: number; signal: "SIGTERM" | "SIGKILL"; afterMs: number }[] = [
  { beforeBatch: 6, signal: "SIGTERM", afterMs: 5 },
  { beforeBatch: 18, signal: "SIGKILL", afterMs: 15 },
  { beforeBatch: 30, signal: "SIGTERM", afterMs: 30 },
  { beforeBatch: 40, signal: "SIGKILL", afterMs: 2 },
];

let server: ApiServer;
beforeAll(async () => {
  server = await startApiServer();
});
afterAll(async () => {
  await server.kill("SIGTERM");
});

describe("restarting the web process during a long ingestion", () => {
  it("loses and doubles nothing when the client re-posts each batch until it is answered", async () => {
    const runId = (await postJson(server.base, "/api/runs", { name: uniqueName("restart") })).json.id as string;
    const stats: RetryStats = { retries: 0, connectionErrors: 0, serverErrors: 0 };
    const reported = { rollouts: 0, points: 0, duplicateRollouts: 0 };
    // Restarts run beside the client but one after another, so a kill always reaches the live server.
    let restarts = Promise.resolve();

    for (let b = 0; b < BATCHES; b++) {
      const kill = KILLS.find((k) => k.beforeBatch === b);
      if (kill) {
        restarts = restarts.then(async () => {
          await new Promise((r) => setTimeout(r, kill.afterMs));
          await server.kill(kill.signal);
          await server.start();
        });
      }
      const { rollouts, points } = ingestBatch(0, b, SIZES);
      const rolloutReply = await postWithRetry(server.base, `/api/runs/${runId}/rollouts`, { rollouts }, stats);
      const metricReply = await postWithRetry(server.base, `/api/runs/${runId}/metrics`, { points }, stats);
      expect([rolloutReply.status, metricReply.status]).toEqual([200, 200]);
      reported.rollouts += rolloutReply.json.inserted;
      reported.duplicateRollouts += rolloutReply.json.duplicates;
      reported.points += metricReply.json.inserted;
    }
    await restarts;

    const expected = expectedTotals(1, BATCHES, SIZES);
    expect(await countRunRows(db(), runId)).toEqual(expected);
    // Each answer accounts for its whole batch; a batch whose first attempt committed before the
    // kill is answered as duplicates on the re-post, so "inserted" never counts a row twice.
    expect(reported.rollouts + reported.duplicateRollouts).toBe(expected.rollouts);
    expect(stats.connectionErrors + stats.serverErrors).toBeGreaterThan(0);
    console.log(
      `[restart during ingest] ${BATCHES} batches of ${SIZES.ownRollouts} rollouts + ${SIZES.points} metric points, ${KILLS.length} kills ` +
        `(${KILLS.map((k) => k.signal).join(", ")}); ${stats.retries} re-posts (${stats.connectionErrors} connection errors, ${stats.serverErrors} 5xx); ` +
        `${reported.duplicateRollouts} rollouts answered as duplicates of a committed first attempt`,
    );
  });
});
