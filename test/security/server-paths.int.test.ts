import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkpointRoute from "@/app/api/checkpoints/[id]/route";
import * as jobRoute from "@/app/api/jobs/[id]/route";
import * as checkpointsRoute from "@/app/api/runs/[id]/checkpoints/route";
import { getConfig } from "@/lib/server/context";
import { runLoop } from "@/worker/loop";
import { newRun, upload } from "../checkpoints/replay-helpers";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { buildCheckpoint } from "../fixtures/tiny-lm/checkpoint-series";
import { writeCorrupt } from "../fixtures/tiny-lm/write-corrupt";
import { call, db } from "../helpers";

// Readers of a failed checkpoint (the API, and the pages, which show the same records) must not learn
// where the server keeps its files; the worker's log keeps the full message. A probe found absolute
// paths such as "(looked in /srv/spikewatch/data/checkpoints/<uuid>)" in checkpoint and job errors.
let fixtures: string;
beforeAll(() => {
  fixtures = makeTempDir("server-paths");
});
afterAll(() => removeDir(fixtures));

/** Runs the real worker loop until `jobId` is finished. */
async function work(jobId: string): Promise<void> {
  const stop = new AbortController();
  const replay = { dataDir: getConfig().dataDir, device: "cpu" as const };
  const loop = runLoop({ db: db(), workerId: "paths-worker", pollMs: 20, signal: stop.signal, replay });
  for (let i = 0; i < 600; i++) {
    const { status } = (await call(jobRoute.GET, "GET", { params: { id: jobId } })).json;
    if (status === "failed" || status === "succeeded") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  stop.abort();
  await loop;
}

function expectNoServerPath(text: string) {
  expect(text).not.toContain(getConfig().dataDir);
  expect(text).not.toContain(fixtures);
  // No absolute path of two or more segments at all.
  expect(text).not.toMatch(/(^|[\s'"`(=:])\/[^\s/'"`]+\/[^\s'"`]*/);
}

describe("failed checkpoints as readers see them", () => {
  it.each([
    ["a missing tokenizer", "missing-tokenizer", /checkpoint has no tokenizer\.json/],
    ["files gone from the store", "files-gone", /no blob 'checkpoints\/[0-9a-f-]+\/model\.onnx'/],
  ] as const)("%s: the error names the file, not the server's folders", async (_what, kind, message) => {
    const runId = await newRun();
    const dir = buildCheckpoint(fixtures, kind);
    if (kind === "missing-tokenizer") writeCorrupt(dir, kind);
    const { json } = await upload(runId, 1, dir);
    if (kind === "files-gone") {
      const stored = await db().checkpoint.findUniqueOrThrow({ where: { id: json.checkpointId } });
      fs.rmSync(path.join(getConfig().dataDir, stored.dir), { recursive: true });
    }
    await work(json.jobId);

    const checkpoint = (await call(checkpointRoute.GET, "GET", { params: { id: json.checkpointId } })).json;
    expect(checkpoint.status).toBe("failed");
    expect(checkpoint.error).toMatch(message);
    expectNoServerPath(checkpoint.error);
    const listed = (await call(checkpointsRoute.GET, "GET", { params: { id: runId } })).json.checkpoints[0];
    expectNoServerPath(listed.error);
    const job = (await call(jobRoute.GET, "GET", { params: { id: json.jobId } })).json;
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(message);
    expectNoServerPath(job.error);
  });
});
