import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3BlobStore } from "@/lib/server/blobs/s3-blob-store";
import { TEST_API_TOKEN } from "@/test/global-setup";
import { startS3rver, type RunningS3 } from "../blobs/start-s3rver";
import { uniqueName } from "../helpers";
import { postJson } from "./support/api-client";
import { startApiServer, type ApiServer } from "./support/api-processes";
import { createSuiteDatabase, type ScratchDatabase } from "./support/scratch-database";
import { countLines, getHealth } from "./support/service-faults";

/** A checkpoint upload as the checkpoints page sends it: a step and one part per file. */
async function uploadCheckpoint(base: string, runId: string, step: number, modelBytes: number): Promise<{ status: number; json: any }> {
  const form = new FormData();
  form.set("step", String(step));
  form.set("model.onnx", new Blob([new Uint8Array(modelBytes).fill(7)]), "model.onnx");
  for (const name of ["config.json", "tokenizer.json", "tokenizer_config.json"]) form.set(name, new Blob(["{}"]), name);
  const res = await fetch(`${base}/api/runs/${runId}/checkpoints`, { method: "POST", headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, body: form });
  return { status: res.status, json: await res.json() };
}

/** s3rver behind a proxy that answers 500 to the next `failNext` requests, or to all while `isDown`. */
async function startFaultyProxy(target: string) {
  const upstream = new URL(target);
  const state = { failNext: 0, isDown: false, failed: 0 };
  const server = http.createServer((req, res) => {
    if (state.isDown || state.failNext > 0) {
      state.failNext = Math.max(0, state.failNext - 1);
      state.failed++;
      req.resume();
      res.writeHead(500, { "content-type": "application/xml" }).end("<Error><Code>InternalError</Code><Message>injected</Message></Error>");
      return;
    }
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("the S3 blob store answering 500", () => {
  let suite: ScratchDatabase;
  let s3: RunningS3;
  let proxy: Awaited<ReturnType<typeof startFaultyProxy>>;
  let web: ApiServer;
  beforeAll(async () => {
    suite = await createSuiteDatabase("blob-500");
    s3 = await startS3rver();
    proxy = await startFaultyProxy(s3.settings.endpoint);
    const { bucket, region, accessKeyId, secretAccessKey, prefix } = s3.settings;
    web = await startApiServer({
      ...suite.env, SPIKEWATCH_BLOB_STORE: "s3", SPIKEWATCH_S3_ENDPOINT: proxy.url, SPIKEWATCH_S3_BUCKET: bucket, SPIKEWATCH_S3_REGION: region,
      SPIKEWATCH_S3_ACCESS_KEY_ID: accessKeyId, SPIKEWATCH_S3_SECRET_ACCESS_KEY: secretAccessKey, SPIKEWATCH_S3_PREFIX: prefix,
    });
  });
  afterAll(async () => {
    await web?.kill("SIGTERM");
    await proxy?.close();
    await s3?.stop();
    await suite?.drop();
  });

  it("retries passing 500s, refuses the upload with 503 while they last, keeps nothing half-written, and reports each episode once", async () => {
    const runId = (await postJson(web.base, "/api/runs", { name: uniqueName("blob-500") })).json.id as string;
    const storedKeys = () => createS3BlobStore(s3.settings).list("checkpoints/");

    proxy.state.failNext = 2;
    expect((await uploadCheckpoint(web.base, runId, 1, 4096)).status).toBe(202);
    expect(proxy.state.failed).toBe(2);
    const afterBlip = (await getHealth(web.base)).json.parts.blobStore;
    expect(afterBlip).toMatchObject({ state: "up", kind: "s3" });
    expect(afterBlip.lastError).toMatch(/HTTP 500/);
    expect(afterBlip.recoveredAt).not.toBeNull();

    const keysBefore = await storedKeys();
    proxy.state.isDown = true;
    const refused = await uploadCheckpoint(web.base, runId, 2, 4096);
    expect(refused.status).toBe(503);
    expect(refused.json.error).toMatchObject({ code: "UNAVAILABLE" });
    expect(refused.json.error.message).toMatch(/checkpoint store is unavailable/);
    const { json: during } = await getHealth(web.base);
    expect(during.ok).toBe(true);
    expect(during.parts.blobStore.state).toBe("degraded");
    proxy.state.isDown = false;
    expect(await storedKeys()).toEqual(keysBefore);
    expect(await suite.db.checkpoint.count({ where: { runId } })).toBe(1);

    expect((await uploadCheckpoint(web.base, runId, 2, 4096)).status).toBe(202);
    expect(await suite.db.checkpoint.count({ where: { runId } })).toBe(2);
    expect(new Set((await storedKeys()).map((key) => key.split("/")[1])).size).toBe(2);
    expect((await getHealth(web.base)).json.parts.blobStore.state).toBe("up");
    expect(countLines(web.output(), /blobStore unavailable/), web.output()).toBe(2);
  });
});

// A real full file system: a 1 MiB tmpfs mounted over the local store's folder (root only).
const enospcSkip = process.getuid?.() === 0 ? null : "needs root to mount a small tmpfs";

describe.skipIf(enospcSkip)(`the local blob store's disk full (ENOSPC)${enospcSkip ? ` (skipped: ${enospcSkip})` : ""}`, () => {
  let suite: ScratchDatabase;
  let web: ApiServer;
  let mountPoint: string;
  beforeAll(async () => {
    suite = await createSuiteDatabase("blob-enospc");
    mountPoint = path.join(suite.env.SPIKEWATCH_DATA_DIR!, "checkpoints");
    fs.mkdirSync(mountPoint);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]);
    web = await startApiServer(suite.env);
  });
  afterAll(async () => {
    await web?.kill("SIGTERM");
    if (mountPoint) execFileSync("umount", [mountPoint]);
    await suite?.drop();
  });

  it("refuses an upload that does not fit with 507, keeps no partial file, reports it, and takes one that fits", async () => {
    const runId = (await postJson(web.base, "/api/runs", { name: uniqueName("enospc") })).json.id as string;
    const refused = await uploadCheckpoint(web.base, runId, 1, 3 * 1024 * 1024);
    expect(refused.status).toBe(507);
    expect(refused.json.error).toMatchObject({ code: "INSUFFICIENT_STORAGE" });
    expect(refused.json.error.message).toMatch(/ENOSPC/);
    expect(fs.readdirSync(mountPoint, { recursive: true })).toEqual([]);
    expect(await suite.db.checkpoint.count({ where: { runId } })).toBe(0);
    const { json: health } = await getHealth(web.base);
    expect(health.ok).toBe(true);
    expect(health.parts.blobStore).toMatchObject({ state: "degraded", kind: "local" });
    expect(health.parts.blobStore.lastError).toMatch(/ENOSPC/);

    expect((await uploadCheckpoint(web.base, runId, 1, 64 * 1024)).status).toBe(202);
    expect(await suite.db.checkpoint.count({ where: { runId } })).toBe(1);
    expect((await getHealth(web.base)).json.parts.blobStore.state).toBe("up");
    expect(countLines(web.output(), /blobStore unavailable/), web.output()).toBe(1);
  });
});
