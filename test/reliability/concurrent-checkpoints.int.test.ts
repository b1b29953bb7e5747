import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { HF_CHECKPOINTS } from "../fixtures/hf-checkpoint";
import { TEST_API_TOKEN } from "../global-setup";
import { db, uniqueName } from "../helpers";
import { postJson } from "./support/api-client";
import { startApiServer, type ApiServer } from "./support/api-processes";

// Issue 14: two requests for one step used to be checked, then created: the loser got a 500.
const sandbox = makeTempDir("concurrent-ckpt");
const dataDir = path.join(sandbox, "data");
const root = path.join(sandbox, "roots");
const PARALLEL = 8;

let server: ApiServer;
beforeAll(async () => {
  fs.mkdirSync(dataDir);
  server = await startApiServer({
    SPIKEWATCH_DATA_DIR: dataDir,
    SPIKEWATCH_BLOB_STORE: "local",
    SPIKEWATCH_CHECKPOINT_ROOTS: root,
  });
});
afterAll(async () => {
  await server?.kill("SIGTERM");
  removeDir(sandbox);
});

// Small files, so the requests reach the step check together instead of one upload finishing first:
// transformers' config.json and a valid safetensors file holding no tensors (intake does not parse weights).
const folder = path.join(root, "checkpoint-1");
fs.mkdirSync(folder, { recursive: true });
fs.copyFileSync(path.join(HF_CHECKPOINTS, "qwen3-bf16", "config.json"), path.join(folder, "config.json"));
fs.writeFileSync(path.join(folder, "model.safetensors"), emptySafetensors());

function emptySafetensors(): Buffer {
  const header = Buffer.from(JSON.stringify({ __metadata__: { format: "pt" } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header]);
}

async function upload(runId: string, step: number): Promise<number> {
  const form = new FormData();
  form.set("step", String(step));
  for (const name of fs.readdirSync(folder)) form.set(name, new Blob([fs.readFileSync(path.join(folder, name))]), name);
  const res = await fetch(`${server.base}/api/runs/${runId}/checkpoints`, {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
  });
  await res.arrayBuffer();
  return res.status;
}

const registration = async (runId: string, step: number) =>
  (await postJson(server.base, `/api/runs/${runId}/checkpoints`, { step, path: folder })).status;
const sorted = (statuses: number[]) => [...statuses].sort();

describe("concurrent checkpoints for one step, against the real server", () => {
  it("answers exactly one 202 and 409 for the rest, for uploads, registrations and both mixed", async () => {
    const runId = (await postJson(server.base, "/api/runs", { name: uniqueName("race") })).json.id as string;
    const rounds: [string, (step: number) => Promise<number>[]][] = [
      ["uploads", (step) => Array.from({ length: PARALLEL }, () => upload(runId, step))],
      ["registrations", (step) => Array.from({ length: PARALLEL }, () => registration(runId, step))],
      [
        "mixed",
        (step) => Array.from({ length: PARALLEL }, (_, i) => (i % 2 ? upload(runId, step) : registration(runId, step))),
      ],
    ];
    for (const [i, [label, requests]] of [...rounds, ...rounds].entries()) {
      const statuses = await Promise.all(requests(i));
      expect(sorted(statuses), `${label}, step ${i}:\n${server.output().slice(-2000)}`).toEqual([
        202,
        ...Array<number>(PARALLEL - 1).fill(409),
      ]);
    }
    const checkpoints = await db().checkpoint.findMany({
      where: { runId },
      select: { step: true, jobId: true, source: true, dir: true },
    });
    expect(checkpoints.map((c) => c.step).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await db().job.count({ where: { id: { in: checkpoints.map((c) => c.jobId!) } } })).toBe(checkpoints.length);
    // Losing uploads left no files: one blob folder per uploaded checkpoint.
    const uploaded = checkpoints
      .filter((c) => c.source === "upload")
      .map((c) => path.basename(c.dir))
      .sort();
    expect(fs.readdirSync(path.join(dataDir, "checkpoints")).sort()).toEqual(uploaded);
  });
});
