import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkpointRoute from "@/app/api/checkpoints/[id]/route";
import * as checkpointsRoute from "@/app/api/runs/[id]/checkpoints/route";
import { openBlobStore } from "@/lib/server/blobs/open-blob-store";
import type { BlobStore } from "@/lib/server/blobs/blob-store";
import { materialiseCheckpoint } from "@/lib/server/checkpoints/materialise-checkpoint";
import { getConfig } from "@/lib/server/context";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { copyHfCheckpoint } from "../fixtures/hf-checkpoint";
import { call, db } from "../helpers";
import { newRun } from "../checkpoints/replay-helpers";
import { S3RVER_KEYS, startS3rver, type RunningS3 } from "./support/start-s3rver";

let s3: RunningS3;
let bucket: BlobStore;
let fixtures: string;
const saved = { ...process.env };
beforeAll(async () => {
  s3 = await startS3rver("ml-ckpts");
  fixtures = makeTempDir("s3-registration");
  const { endpoint } = s3.settings;
  const { accessKeyId, secretAccessKey } = S3RVER_KEYS;
  // Set before anything in this file reads the settings (getConfig parses once per process).
  Object.assign(process.env, {
    SPIKEWATCH_BLOB_STORE: "s3",
    SPIKEWATCH_S3_ENDPOINT: endpoint,
    SPIKEWATCH_S3_BUCKET: "ml-ckpts",
    SPIKEWATCH_S3_ACCESS_KEY_ID: accessKeyId,
    SPIKEWATCH_S3_SECRET_ACCESS_KEY: secretAccessKey,
    SPIKEWATCH_S3_PREFIX: "spikewatch/",
    SPIKEWATCH_CHECKPOINT_ROOTS: "s3://ml-ckpts/verl/",
  });
  bucket = openBlobStore({ dataDir: fixtures, blobs: { ...s3.settings, prefix: "" } });
});
afterAll(async () => {
  process.env = saved;
  await s3?.stop();
  removeDir(fixtures);
});

/** Puts a folder's files under `prefix` in the bucket, as `aws s3 sync` after a trainer's save would. */
async function sync(dir: string, prefix: string): Promise<void> {
  for (const name of fs.readdirSync(dir))
    await bucket.put(`${prefix}${name}`, fs.createReadStream(path.join(dir, name)));
}

const register = (runId: string, body: unknown) => call(checkpointsRoute.POST, "POST", { params: { id: runId }, body });

describe("registering an s3:// prefix", () => {
  it("records the prefix's files without copying them; the worker downloads and checks them", async () => {
    const runId = await newRun();
    const dir = copyHfCheckpoint(fixtures, "checkpoint-20", "qwen2-bf16-sharded", { withTrainerState: true });
    await sync(dir, "verl/run1/global_step_20/actor/huggingface/");
    const res = await register(runId, { step: 20, path: "s3://ml-ckpts/verl/run1/global_step_20/actor/huggingface/" });
    expect(res.status).toBe(202);
    const stored = (await call(checkpointRoute.GET, "GET", { params: { id: res.json.checkpointId } })).json;
    expect(stored.source).toBe("s3");
    expect(stored.files.map((f: { name: string }) => f.name)).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors.index.json",
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    expect(await bucket.list("spikewatch/")).toEqual([]);

    const row = await db().checkpoint.findUniqueOrThrow({ where: { id: res.json.checkpointId } });
    const cache = path.join(fixtures, "cache");
    const local = await materialiseCheckpoint(getConfig(), row, cache);
    expect(fs.readdirSync(local.dir).sort()).toEqual(stored.files.map((f: { name: string }) => f.name).sort());
    await local.release();

    // Overwritten after registration: the download no longer matches the recorded sha256.
    await bucket.put(
      "verl/run1/global_step_20/actor/huggingface/config.json",
      Readable.from([fs.readFileSync(path.join(dir, "config.json"), "utf8").replace("silu", "gelu")]),
    );
    await expect(materialiseCheckpoint(getConfig(), row, cache)).rejects.toMatchObject({
      name: "PermanentJobError",
      message: expect.stringMatching(/^config\.json changed since the checkpoint was registered/),
    });
    expect(fs.readdirSync(cache)).toEqual([]);
  });

  it("refuses prefixes outside the S3 roots and malformed ones", async () => {
    const runId = await newRun();
    for (const [requested, status] of [
      ["s3://ml-ckpts/other/run/", 403],
      ["s3://other-bucket/verl/run/", 403],
      ["s3://ml-ckpts/verl/../other/", 422],
      ["s3://ml-ckpts/verl/run", 422],
    ] as const) {
      expect((await register(runId, { step: 1, path: requested })).status, requested).toBe(status);
    }
    expect(await db().checkpoint.count({ where: { runId } })).toBe(0);
  });
});
