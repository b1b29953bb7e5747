import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, uniqueName } from "../helpers";
import { postJson, type ApiReply } from "./support/api-client";
import { expectedTotals, ingestBatch } from "./support/api-ingest-batches";
import { startApiServer, type ApiServer } from "./support/api-processes";
import { countRunRows } from "./support/api-row-counts";

const WRITERS = 8;
const BATCHES = 25;
const SIZES = { ownRollouts: 10, sharedRollouts: 4, points: 10 };

// Two web processes on one database: on SQLite the writers contend for the file lock across
// processes (the web app, worker and CLI share it the same way), not only inside one connection.
let servers: ApiServer[] = [];
beforeAll(async () => {
  servers = await Promise.all([startApiServer(), startApiServer()]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill("SIGTERM")));
});

type Reply = ApiReply & { route: "rollouts" | "metrics" };

async function writer(w: number, runId: string, replies: Reply[]): Promise<void> {
  const base = servers[w % servers.length]!.base;
  for (let b = 0; b < BATCHES; b++) {
    const { rollouts, points } = ingestBatch(w, b, SIZES);
    replies.push({ route: "rollouts", ...(await postJson(base, `/api/runs/${runId}/rollouts`, { rollouts })) });
    replies.push({ route: "metrics", ...(await postJson(base, `/api/runs/${runId}/metrics`, { points })) });
  }
}

describe("8 concurrent writers over HTTP into one run", () => {
  it("end with exact rollout, turn, metric and step-health counts, and every request answered 200", async () => {
    const runId = (await postJson(servers[0]!.base, "/api/runs", { name: uniqueName("concurrent-http") })).json
      .id as string;
    const replies: Reply[] = [];
    const started = Date.now();
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w, runId, replies)));
    const seconds = (Date.now() - started) / 1000;

    const failed = replies.filter((r) => r.status !== 200);
    expect(
      failed.map((r) => `${r.status} ${JSON.stringify(r.json)}`),
      servers.map((s) => s.output()).join("\n"),
    ).toEqual([]);
    expect(JSON.stringify(replies)).not.toMatch(/database is locked|SQLITE_BUSY|deadlock/i);

    const expected = expectedTotals(WRITERS, BATCHES, SIZES);
    expect(await countRunRows(db(), runId)).toEqual(expected);
    // The replies agree with the database: each row was reported inserted exactly once.
    const inserted = (route: Reply["route"]) =>
      replies.filter((r) => r.route === route).reduce((sum, r) => sum + r.json.inserted, 0);
    expect(inserted("rollouts")).toBe(expected.rollouts);
    expect(inserted("metrics")).toBe(expected.metricPoints);
    // Every series' min/max pyramid absorbed each stored point exactly once, whichever writer won it.
    const points = await db().metricPoint.groupBy({ by: ["key"], where: { runId }, _count: { _all: true } });
    const tops = await db().metricBlock.groupBy({ by: ["key"], where: { runId, level: 10 }, _sum: { count: true } });
    expect(Object.fromEntries(tops.map((t) => [t.key, t._sum.count]))).toEqual(
      Object.fromEntries(points.map((p) => [p.key, p._count._all])),
    );
    console.log(
      `[concurrent writers] ${replies.length} requests from ${WRITERS} writers through ${servers.length} web processes in ${seconds.toFixed(1)} s; ${expected.rollouts} rollouts, ${expected.metricPoints} metric points`,
    );
  });
});
