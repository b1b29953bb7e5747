import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkpointRoute from "@/app/api/checkpoints/[id]/route";
import * as tracesRoute from "@/app/api/checkpoints/[id]/traces/route";
import * as checkpointsRoute from "@/app/api/runs/[id]/checkpoints/route";
import * as probesRoute from "@/app/api/runs/[id]/probes/route";
import * as runsRoute from "@/app/api/runs/route";
import { createS3BlobStore } from "@/lib/server/blobs/s3-blob-store";
import { getConfig } from "@/lib/server/context";
import { replayCheckpoint } from "@/worker/replay/replay-checkpoint";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { buildCheckpoint, DECISION_PROBE } from "../fixtures/tiny-lm/checkpoint-series";
import { TEST_API_TOKEN } from "../global-setup";
import { call, db, uniqueName } from "../helpers";
import { S3RVER_KEYS, startS3rver, type RunningS3 } from "./support/start-s3rver";

let s3: RunningS3;
let fixtures: string;
const saved = { ...process.env };
beforeAll(async () => {
  s3 = await startS3rver();
  fixtures = makeTempDir("s3-ckpt");
  // Set before anything in this file reads the settings (getConfig parses once per process).
  const { endpoint, bucket, prefix } = s3.settings;
  const { accessKeyId, secretAccessKey } = S3RVER_KEYS;
  Object.assign(process.env, {
    SPIKEWATCH_BLOB_STORE: "s3",
    SPIKEWATCH_S3_ENDPOINT: endpoint,
    SPIKEWATCH_S3_BUCKET: bucket,
    SPIKEWATCH_S3_ACCESS_KEY_ID: accessKeyId,
    SPIKEWATCH_S3_SECRET_ACCESS_KEY: secretAccessKey,
    SPIKEWATCH_S3_PREFIX: prefix,
  });
});
afterAll(async () => {
  process.env = saved;
  await s3?.stop();
  removeDir(fixtures);
});

async function upload(runId: string, step: number, dir: string) {
  const form = new FormData();
  form.set("step", String(step));
  for (const name of fs.readdirSync(dir)) form.set(name, new Blob([fs.readFileSync(path.join(dir, name))]), name);
  const req = new Request("http://spikewatch.test/api", {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
  });
  const res = await checkpointsRoute.POST(req, { params: Promise.resolve({ id: runId }) });
  return { status: res.status, json: await res.json() };
}

describe("checkpoints in an S3-compatible store", () => {
  it("uploads a checkpoint with external weights to the bucket, and the worker replays it from there", async () => {
    expect(getConfig().blobs.kind).toBe("s3");
    const runId = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("s3") } })).json.id as string;
    expect(
      (await call(probesRoute.POST, "POST", { params: { id: runId }, body: { probes: [DECISION_PROBE] } })).status,
    ).toBe(200);
    const source = buildCheckpoint(fixtures, "external", { externalData: true });

    const res = await upload(runId, 100, source);
    expect(res.status).toBe(202);
    const stored = await db().checkpoint.findUniqueOrThrow({ where: { id: res.json.checkpointId } });
    const keys = await createS3BlobStore(s3.settings).list(`${stored.dir}/`);
    expect(keys.map((key) => key.slice(stored.dir.length + 1)).sort()).toEqual(fs.readdirSync(source).sort());
    expect(fs.existsSync(path.join(getConfig().dataDir, stored.dir))).toBe(false);

    const dataDir = getConfig().dataDir;
    await replayCheckpoint(res.json.checkpointId, {
      db: db(),
      signal: new AbortController().signal,
      reportProgress: async () => {},
      replay: { dataDir, device: "cpu" },
    });
    const checkpoint = await call(checkpointRoute.GET, "GET", { params: { id: res.json.checkpointId } });
    expect(checkpoint.json).toMatchObject({ status: "scored", device: "cpu", probes: { done: 1, total: 1 } });
    const trace = await call(tracesRoute.GET, "GET", {
      params: { id: res.json.checkpointId },
      query: { probe: "decision" },
    });
    expect(trace.json.tokens[0]).toMatchObject({ id: 151644, text: "<|im_start|>" });
    // The downloaded copy is gone once the session holds the model.
    expect(fs.existsSync(path.join(dataDir, "cache", stored.dir))).toBe(false);
  });

  it("a refused upload leaves nothing in the bucket", async () => {
    const runId = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("s3-refused") } })).json.id as string;
    const noModel = path.join(fixtures, "no-model");
    fs.mkdirSync(noModel, { recursive: true });
    fs.writeFileSync(path.join(noModel, "config.json"), "{}");
    const before = await createS3BlobStore(s3.settings).list("checkpoints/");
    expect((await upload(runId, 1, noModel)).status).toBe(422);
    expect(await createS3BlobStore(s3.settings).list("checkpoints/")).toEqual(before);
  });
});

describe("a blob store that fails during an upload", () => {
  it("answers with the store's error instead of hanging, and reads the whole body", async () => {
    const { receiveCheckpointFiles } = await import("@/lib/server/checkpoints/receive-checkpoint-files");
    const down = createS3BlobStore({ ...s3.settings, endpoint: "http://127.0.0.1:9" });
    const form = new FormData();
    form.set("step", "1");
    form.set("config.json", new Blob(["{}"]), "config.json");
    form.set("tokenizer.json", new Blob(["{}"]), "tokenizer.json");
    const req = new Request("http://spikewatch.test/api", { method: "POST", body: form });
    await expect(receiveCheckpointFiles(req, down, 1024)).rejects.toThrow(/S3 put checkpoints\/.*ECONNREFUSED/);
  });
});
