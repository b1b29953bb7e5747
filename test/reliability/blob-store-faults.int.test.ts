import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3BlobStore } from "@/lib/server/blobs/s3-blob-store";
import { TEST_API_TOKEN } from "@/test/global-setup";
import { S3RVER_KEYS, startS3rver, type RunningS3 } from "../blobs/support/start-s3rver";
import { uniqueName } from "../helpers";
import { postJson } from "./support/api-client";
import { startApiServer, type ApiServer } from "./support/api-processes";
import { createSuiteDatabase, type ScratchDatabase } from "./support/scratch-database";
import { countLines, getHealth } from "./support/service-faults";

/** A checkpoint upload as the checkpoints page sends it: a step and one part per file. */
async function uploadCheckpoint(
  base: string,
  runId: string,
  step: number,
  modelBytes: number,
): Promise<{ status: number; json: any }> {
  const form = new FormData();
  form.set("step", String(step));
  form.set("model.onnx", new Blob([new Uint8Array(modelBytes).fill(7)]), "model.onnx");
  for (const name of ["config.json", "tokenizer.json", "tokenizer_config.json"]) form.set(name, new Blob(["{}"]), name);
  const res = await fetch(`${base}/api/runs/${runId}/checkpoints`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
    body: form,
  });
  return { status: res.status, json: await res.json() };
}

/** s3rver behind a proxy that answers 500 to the next `failNext` requests. */
async function startFaultyProxy(target: string) {
  const upstream = new URL(target);
  const state = { failNext: 0, failed: 0 };
  const server = http.createServer((req, res) => {
    if (state.failNext > 0) {
      state.failNext--;
      state.failed++;
      req.resume();
      res
        .writeHead(500, { "content-type": "application/xml" })
        .end("<Error><Code>InternalError</Code><Message>injected</Message></Error>");
      return;
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // the web app's keep-alive sockets
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state, close };
}

describe("the S3 blob store answering 500", () => {
  let suite: ScratchDatabase;
  let s3: RunningS3;
  let proxy: Awaited<ReturnType<typeof startFaultyProxy>>;
  let web: ApiServer;
  beforeAll(async () => {
    suite = await createSuiteDatabase("blob-500");
    s3 = await startS3rver();
    proxy = await startFaultyProxy(s3.settings.endpoint!);
    const { bucket, prefix } = s3.settings;
    web = await startApiServer({
      ...suite.env,
      SPIKEWATCH_BLOB_STORE: "s3",
      SPIKEWATCH_S3_ENDPOINT: proxy.url,
      SPIKEWATCH_S3_BUCKET: bucket,
      SPIKEWATCH_S3_REGION: "us-east-1",
      SPIKEWATCH_S3_ACCESS_KEY_ID: S3RVER_KEYS.accessKeyId,
      SPIKEWATCH_S3_SECRET_ACCESS_KEY: S3RVER_KEYS.secretAccessKey,
      SPIKEWATCH_S3_PREFIX: prefix,
    });
  });
  afterAll(async () => {
    await web?.kill("SIGTERM");
    await proxy?.close();
    await s3?.stop();
    await suite?.drop();
  });

  it("retries passing 500s: the upload is stored once, the fault is in healthz and logged once", async () => {
    const runId = (await postJson(web.base, "/api/runs", { name: uniqueName("blob-500") })).json.id as string;
    const storedKeys = () => createS3BlobStore(s3.settings).list("checkpoints/");

    proxy.state.failNext = 2;
    expect((await uploadCheckpoint(web.base, runId, 1, 4096)).status).toBe(202);
    expect(proxy.state.failed).toBe(2);
    expect(await suite.db.checkpoint.count({ where: { runId } })).toBe(1);
    expect(new Set((await storedKeys()).map((key) => key.split("/")[1])).size).toBe(1);
    const { json: health } = await getHealth(web.base);
    expect(health.ok).toBe(true);
    expect(health.parts.blobStore).toMatchObject({ state: "up", kind: "s3", failures: 2 });
    expect(health.parts.blobStore.lastError).toMatch(/HTTP 500/);
    expect(health.parts.blobStore.recoveredAt).not.toBeNull();
    expect(countLines(web.output(), /blobStore unavailable/), web.output()).toBe(1);
    expect(countLines(web.output(), /blobStore recovered/), web.output()).toBe(1);
  }, 240_000);
});

// A real full file system: a 1 MiB tmpfs mounted over the local store's folder (root only).
const enospcSkip = process.getuid?.() === 0 ? null : "needs root to mount a small tmpfs";

describe.skipIf(enospcSkip)(
  `the local blob store's disk full (ENOSPC)${enospcSkip ? ` (skipped: ${enospcSkip})` : ""}`,
  () => {
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
      // The same upload's small files were stored (they fit), so the part counts as recovered; the
      // fault stays in the report with its time.
      const { json: health } = await getHealth(web.base);
      expect(health.ok).toBe(true);
      expect(health.parts.blobStore).toMatchObject({ kind: "local", failures: 1 });
      expect(health.parts.blobStore.lastError).toMatch(/ENOSPC/);
      expect(health.parts.blobStore.lastErrorAt).not.toBeNull();

      expect((await uploadCheckpoint(web.base, runId, 1, 64 * 1024)).status).toBe(202);
      expect(await suite.db.checkpoint.count({ where: { runId } })).toBe(1);
      expect((await getHealth(web.base)).json.parts.blobStore.state).toBe("up");
      expect(countLines(web.output(), /blobStore unavailable/), web.output()).toBe(1);
    }, 240_000);
  },
);
