import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { buildCheckpoint, DECISION_PROBE } from "../fixtures/tiny-lm/checkpoint-series";
import { writeCorrupt } from "../fixtures/tiny-lm/write-corrupt";
import { TEST_API_TOKEN } from "../global-setup";
import { uniqueName } from "../helpers";
import { multipartBody } from "./support/api-fuzz-uploads";
import { postJson } from "./support/api-client";
import { writeHostileCheckpoint, type HostileKind } from "./support/api-hostile-checkpoints";
import { startApiServer, startWorkerProcess, type ApiServer, type WorkerProcess } from "./support/api-processes";

// A sandbox holds the data directory, so a file written "next to" it by a traversal is seen.
const sandbox = makeTempDir("hostile");
const dataDir = path.join(sandbox, "data");
const fixtures = makeTempDir("hostile-fixtures");
const good = buildCheckpoint(fixtures, "good");
// The largest good file (the Qwen tokenizer.json) fits; one byte more does not.
const MAX_FILE_BYTES = Math.max(...fs.readdirSync(good).map((f) => fs.statSync(path.join(good, f)).size));

let server: ApiServer;
let worker: WorkerProcess;
beforeAll(async () => {
  fs.mkdirSync(dataDir);
  const env = {
    SPIKEWATCH_DATA_DIR: dataDir,
    SPIKEWATCH_MAX_CHECKPOINT_FILE_BYTES: String(MAX_FILE_BYTES),
    SPIKEWATCH_BLOB_STORE: "local",
  };
  server = await startApiServer(env);
  worker = startWorkerProcess(env);
});
afterAll(async () => {
  await Promise.all([server?.kill("SIGTERM"), worker?.stop()]);
  removeDir(sandbox);
  removeDir(fixtures);
});

type Part = { name: string; filename?: string; content: string | Uint8Array };

async function upload(runId: string, parts: Part[]): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.base}/api/runs/${runId}/checkpoints`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${TEST_API_TOKEN}`,
      "content-type": "multipart/form-data; boundary=----spikewatch-fuzz-7d3f",
    },
    body: multipartBody(parts),
  });
  return { status: res.status, json: await res.json() };
}

function folderParts(dir: string, step: number): Part[] {
  return [
    { name: "step", content: String(step) },
    ...fs.readdirSync(dir).map((name) => ({ name, filename: name, content: fs.readFileSync(path.join(dir, name)) })),
  ];
}

async function newRun(): Promise<string> {
  const id = (await postJson(server.base, "/api/runs", { name: uniqueName("hostile") })).json.id as string;
  expect((await postJson(server.base, `/api/runs/${id}/probes`, { probes: [DECISION_PROBE] })).status).toBe(200);
  return id;
}

/** Waits for the worker to finish the checkpoint's replay job, however it ends. */
async function settled(checkpointId: string): Promise<{ status: string; error: string | null }> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const checkpoint = (await (await fetch(`${server.base}/api/checkpoints/${checkpointId}`)).json()) as {
      status: string;
      error: string | null;
    };
    if (checkpoint.status === "scored" || checkpoint.status === "failed") return checkpoint;
  }
  throw new Error(`checkpoint ${checkpointId} not settled within 120 s; worker output:\n${worker.output()}`);
}

/** Every file under the sandbox, relative to it: the only ones allowed are uploads' allow-listed names. */
function sandboxFiles(): string[] {
  return fs
    .readdirSync(sandbox, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(sandbox, path.join(e.parentPath, e.name)));
}

describe("hostile checkpoint uploads", () => {
  it("refuses part names outside the allowed set, traversal included, and stores client file names nowhere", async () => {
    const runId = await newRun();
    const names = [
      "../../escaped.onnx",
      "/tmp/absolute.onnx",
      "..\\..\\escaped.onnx",
      "model.onnx/../../escaped",
      "model.onnx\u0000.sh",
      "evil.sh",
      "checkpoints/model.onnx",
      "",
    ];
    for (const name of names) {
      const reply = await upload(runId, [...folderParts(good, 1), { name, filename: "x.bin", content: "pwned" }]);
      // A NUL inside the part header breaks the multipart framing itself: 400 rather than 422.
      expect(reply.status, name).toBe(name.includes("\u0000") ? 400 : 422);
      expect(reply.json.error.message).toMatch(/Unexpected file part|not valid multipart/);
    }
    // An allowed part name with a hostile *file name*: stored under the part name only.
    const renamed = folderParts(good, 2).map((p) =>
      p.filename ? { ...p, filename: `../../../../escaped-${p.name}` } : p,
    );
    expect((await upload(runId, renamed)).status).toBe(202);
    expect(
      sandboxFiles().filter(
        (f) =>
          !/^data\/checkpoints\/[0-9a-f-]{36}\/(model\.onnx|config\.json|tokenizer\.json|tokenizer_config\.json)$/.test(
            f,
          ),
      ),
    ).toEqual([]);
  });

  it("refuses a file over SPIKEWATCH_MAX_CHECKPOINT_FILE_BYTES with 413 and keeps none of it", async () => {
    const runId = await newRun();
    const before = sandboxFiles();
    const reply = await upload(runId, [
      { name: "step", content: "1" },
      { name: "model.onnx", filename: "model.onnx", content: new Uint8Array(MAX_FILE_BYTES + 1) },
    ]);
    expect(reply.status).toBe(413);
    expect(reply.json.error.message).toMatch(new RegExp(`larger than the limit of ${MAX_FILE_BYTES} bytes`));
    expect(sandboxFiles()).toEqual(before);
  });

  it.each<[HostileKind | "truncated", RegExp]>([
    ["truncated", /model\.onnx could not be loaded/],
    ["huge-tensor-claim", /model\.onnx could not be loaded/],
    ["external-data-escape", /model\.onnx could not be loaded.*escapes model directory/],
    ["tokenizer-not-json", /tokenizer\.json is not valid JSON/],
  ])("fails a checkpoint with a %s model in the worker, with a clear error", async (kind, message) => {
    const runId = await newRun();
    const dir = path.join(fixtures, kind);
    if (kind === "truncated") writeCorrupt(dir, "truncated");
    else writeHostileCheckpoint(dir, kind);
    const reply = await upload(runId, folderParts(dir, 1));
    expect(reply.status).toBe(202);
    const checkpoint = await settled(reply.json.checkpointId);
    expect(checkpoint.status, worker.output()).toBe("failed");
    expect(checkpoint.error).toMatch(message);
    console.log(`[hostile uploads] ${kind}: ${checkpoint.error}`);
  });

  it("leaves the web process answering and the worker replaying a good checkpoint afterwards", async () => {
    expect((await fetch(`${server.base}/api/healthz`)).status).toBe(200);
    expect(worker.isRunning()).toBe(true);
    const runId = await newRun();
    const reply = await upload(runId, folderParts(good, 1));
    expect(reply.status).toBe(202);
    expect(await settled(reply.json.checkpointId)).toMatchObject({ status: "scored" });
    expect(worker.isRunning()).toBe(true);
  });
});
