import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkpointRoute from "@/app/api/checkpoints/[id]/route";
import { getConfig } from "@/lib/server/context";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { copyHfCheckpoint } from "../fixtures/hf-checkpoint";
import { buildCheckpoint } from "../fixtures/tiny-lm/checkpoint-series";
import { call, db } from "../helpers";
import { newRun, replay, upload } from "./replay-helpers";

let fixtures: string;
beforeAll(() => {
  fixtures = makeTempDir("hf-upload");
});
afterAll(() => removeDir(fixtures));

const storedFolders = () => {
  const root = path.join(getConfig().dataDir, "checkpoints");
  return fs.existsSync(root) ? fs.readdirSync(root).length : 0;
};

// sha256sum (coreutils) as an oracle independent of the server's hashing.
const sha256sum = (file: string) => spawnSync("sha256sum", [file], { encoding: "utf8" }).stdout.split(" ")[0];

describe("uploading a Hugging Face folder as the trainer saved it", () => {
  it("accepts transformers' sharded bfloat16 folder and records every file with its size and sha256", async () => {
    const runId = await newRun();
    const dir = copyHfCheckpoint(fixtures, "sharded", "qwen2-bf16-sharded");
    const res = await upload(runId, 100, dir);
    expect(res.status).toBe(202);
    const stored = (await call(checkpointRoute.GET, "GET", { params: { id: res.json.checkpointId } })).json;
    expect(stored).toMatchObject({ step: 100, status: "queued", source: "upload" });
    expect(stored.files.map((f: { name: string }) => f.name)).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors.index.json",
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    for (const file of stored.files) {
      expect(file.bytes).toBe(fs.statSync(path.join(dir, file.name)).size);
      expect(file.sha256).toBe(sha256sum(path.join(dir, file.name)));
    }
    expect(JSON.stringify(stored)).not.toContain(getConfig().dataDir);
  });

  it("refuses (422) an index naming a shard that was not uploaded, and keeps nothing", async () => {
    const runId = await newRun();
    const dir = copyHfCheckpoint(fixtures, "missing-shard", "qwen2-bf16-sharded");
    fs.rmSync(path.join(dir, "model-00001-of-00002.safetensors"));
    const before = storedFolders();
    const res = await upload(runId, 100, dir);
    expect(res.status).toBe(422);
    expect(res.json.error.issues).toEqual([
      {
        path: "model-00001-of-00002.safetensors",
        message: "named by model.safetensors.index.json but missing from the checkpoint",
      },
    ]);
    expect(storedFolders()).toBe(before);
    expect(await db().checkpoint.count({ where: { runId } })).toBe(0);
  });

  it("refuses (422) pickled weights and training state sent as parts, saying only safetensors are loaded", async () => {
    const runId = await newRun();
    for (const name of ["pytorch_model.bin", "optimizer.pt", "rng_state.pth"]) {
      const dir = copyHfCheckpoint(fixtures, `pickle-${name}`, "qwen3-bf16");
      fs.writeFileSync(path.join(dir, name), "not loaded");
      const res = await upload(runId, 1, dir);
      expect(res.status).toBe(422);
      expect(res.json.error.message).toMatch(
        new RegExp(
          `^File part '${name.replace(".", "\\.")}' refused: only safetensors weights are loaded: ` +
            "pickled files .* can run code",
        ),
      );
      expect(res.json.error.issues).toEqual([
        { path: name, message: expect.stringMatching(/^only safetensors weights are loaded/) },
      ]);
    }
    expect(await db().checkpoint.count({ where: { runId } })).toBe(0);
  });

  it("refuses safetensors without config.json, and shards beside a model.safetensors", async () => {
    const runId = await newRun();
    const noConfig = copyHfCheckpoint(fixtures, "no-config", "qwen3-bf16");
    fs.rmSync(path.join(noConfig, "config.json"));
    expect((await upload(runId, 1, noConfig)).json.error.issues).toEqual([
      { path: "config.json", message: expect.stringMatching(/required with safetensors weights/) },
    ]);
    const mixed = copyHfCheckpoint(fixtures, "mixed", "qwen2-bf16-sharded");
    fs.copyFileSync(
      path.join(copyHfCheckpoint(fixtures, "single", "qwen3-bf16"), "model.safetensors"),
      path.join(mixed, "model.safetensors"),
    );
    expect((await upload(runId, 2, mixed)).json.error.issues.map((i: { path: string }) => i.path)).toEqual([
      "model.safetensors",
    ]);
  });

  it("replays the ONNX export of a folder that also holds safetensors", async () => {
    const runId = await newRun();
    const dir = buildCheckpoint(fixtures, "onnx-and-safetensors");
    fs.copyFileSync(
      path.join(copyHfCheckpoint(fixtures, "weights", "qwen3-bf16"), "model.safetensors"),
      path.join(dir, "model.safetensors"),
    );
    const res = await upload(runId, 100, dir);
    expect(res.status).toBe(202);
    await replay(res.json.checkpointId);
    expect((await call(checkpointRoute.GET, "GET", { params: { id: res.json.checkpointId } })).json).toMatchObject({
      status: "scored",
      probes: { done: 1, total: 1 },
    });
  });
});
