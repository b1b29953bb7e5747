import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as checkpointRoute from "@/app/api/checkpoints/[id]/route";
import * as checkpointsRoute from "@/app/api/runs/[id]/checkpoints/route";
import { materialiseCheckpoint } from "@/lib/server/checkpoints/materialise-checkpoint";
import { registerCheckpoint } from "@/lib/server/checkpoints/register-checkpoint";
import { getConfig } from "@/lib/server/context";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { copyHfCheckpoint, TRAINER_STATE_FILES } from "../fixtures/hf-checkpoint";
import { buildCheckpoint } from "../fixtures/tiny-lm/checkpoint-series";
import { call, db } from "../helpers";
import { newRun, replay } from "./replay-helpers";

// Set before anything in this file reads the settings (getConfig parses once per process).
const root = makeTempDir("roots");
const outside = makeTempDir("outside");
process.env.SPIKEWATCH_CHECKPOINT_ROOTS = `${root}, /nonexistent-root`;
afterAll(() => {
  removeDir(root);
  removeDir(outside);
});

const register = (runId: string, body: unknown) => call(checkpointsRoute.POST, "POST", { params: { id: runId }, body });
const sha256sum = (file: string) => spawnSync("sha256sum", [file], { encoding: "utf8" }).stdout.split(" ")[0];
const storedFolders = () =>
  fs
    .readdirSync(getConfig().dataDir)
    .filter((f) => f === "checkpoints")
    .flatMap((f) => fs.readdirSync(path.join(getConfig().dataDir, f)));

describe("registering a checkpoint folder by path", () => {
  it("registers a TRL checkpoint-<N> in place: model files hashed, training state ignored, no copy", async () => {
    const runId = await newRun();
    const dir = copyHfCheckpoint(root, "trl/checkpoint-100", "qwen2-bf16-sharded", { withTrainerState: true });
    const copiedBefore = storedFolders();
    const res = await register(runId, { step: 100, path: `${dir}/` });
    expect(res.status).toBe(202);
    expect(Object.keys(res.json).sort()).toEqual(["checkpointId", "jobId"]);
    const stored = (await call(checkpointRoute.GET, "GET", { params: { id: res.json.checkpointId } })).json;
    expect(stored).toMatchObject({ step: 100, status: "queued", source: "path" });
    const names = stored.files.map((f: { name: string }) => f.name);
    expect(names).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors.index.json",
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    expect(names.some((name: string) => TRAINER_STATE_FILES.includes(name))).toBe(false);
    for (const file of stored.files)
      expect(file).toEqual({
        name: file.name,
        bytes: fs.statSync(path.join(dir, file.name)).size,
        sha256: sha256sum(path.join(dir, file.name)),
      });
    // Readers learn the source kind, never the server path.
    expect(JSON.stringify(stored)).not.toContain(root);
    expect(storedFolders()).toEqual(copiedBefore);
  });

  it("refuses paths outside the roots, links that escape them, and bad paths, creating nothing", async () => {
    const runId = await newRun();
    const elsewhere = copyHfCheckpoint(outside, "checkpoint-7", "qwen3-bf16");
    fs.symlinkSync(elsewhere, path.join(root, "linked-out"));
    const leaky = copyHfCheckpoint(root, "leaky", "qwen3-bf16");
    fs.rmSync(path.join(leaky, "config.json"));
    fs.symlinkSync(path.join(elsewhere, "config.json"), path.join(leaky, "config.json"));

    const cases: [string, number, RegExp][] = [
      ["/etc", 403, /^\/etc is not under SPIKEWATCH_CHECKPOINT_ROOTS: registration reads only folders under them$/],
      [`${root}/../${path.basename(outside)}/checkpoint-7`, 403, /is not under SPIKEWATCH_CHECKPOINT_ROOTS/],
      [
        path.join(root, "linked-out"),
        403,
        /linked-out is not under SPIKEWATCH_CHECKPOINT_ROOTS: it resolves outside them \(a symbolic link\?\)$/,
      ],
      [leaky, 403, /leaky\/config\.json is not under SPIKEWATCH_CHECKPOINT_ROOTS: it resolves outside them/],
      ["relative/checkpoint-1", 422, /^path must be absolute/],
      [path.join(root, "no-such-folder"), 422, /no-such-folder: no such folder$/],
      [path.join(leaky, "tokenizer.json"), 422, /is not a folder$/],
    ];
    for (const [requested, status, message] of cases) {
      const res = await register(runId, { step: 1, path: requested });
      expect(res.status, requested).toBe(status);
      expect(res.json.error.message, requested).toMatch(message);
      // Where a link points is never echoed.
      expect(JSON.stringify(res.json), requested).not.toContain(outside);
    }
    expect((await register(runId, { step: 1, path: root, extra: true })).status).toBe(422);
    expect(await db().checkpoint.count({ where: { runId } })).toBe(0);
  });

  it("is off, with a 403 saying how to turn it on, while SPIKEWATCH_CHECKPOINT_ROOTS is unset", async () => {
    const runId = await newRun();
    const dir = copyHfCheckpoint(root, "off/checkpoint-1", "qwen3-bf16");
    const off = registerCheckpoint(db(), { ...getConfig(), checkpointRoots: [] }, runId, { step: 1, path: dir });
    await expect(off).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/^Registration by path is off: set SPIKEWATCH_CHECKPOINT_ROOTS/),
    });
  });

  it("refuses an index naming a missing shard, and gives a verl user with FSDP shards the merge command", async () => {
    const runId = await newRun();
    const dir = copyHfCheckpoint(root, "incomplete", "qwen2-bf16-sharded");
    fs.rmSync(path.join(dir, "model-00002-of-00002.safetensors"));
    const incomplete = await register(runId, { step: 1, path: dir });
    expect(incomplete.status).toBe(422);
    expect(incomplete.json.error.issues).toEqual([
      {
        path: "model-00002-of-00002.safetensors",
        message: "named by model.safetensors.index.json but missing from the checkpoint",
      },
    ]);

    // verl FSDPCheckpointManager.save_checkpoint without hf_model: config and tokenizer only in actor/huggingface/.
    const hf = path.join(root, "verl", "global_step_40", "actor", "huggingface");
    fs.mkdirSync(hf, { recursive: true });
    for (const file of ["config.json", "tokenizer.json", "tokenizer_config.json"])
      fs.copyFileSync(path.join(dir, file), path.join(hf, file));
    const unmerged = await register(runId, { step: 40, path: hf });
    expect(unmerged.status).toBe(422);
    expect(unmerged.json.error.message).toContain(
      `python -m verl.model_merger merge --backend fsdp --local_dir ${path.dirname(hf)} --target_dir ${hf}`,
    );
  });

  it("replays a registered folder, and fails the replay clearly when a file changed or vanished since", async () => {
    const runId = await newRun();
    const good = await register(runId, { step: 100, path: buildCheckpoint(root, "onnx-100") });
    expect(good.status).toBe(202);
    await replay(good.json.checkpointId);
    expect((await call(checkpointRoute.GET, "GET", { params: { id: good.json.checkpointId } })).json).toMatchObject({
      status: "scored",
      source: "path",
    });

    const changes: [string, (dir: string) => void, RegExp][] = [
      [
        "grown",
        (dir) => fs.appendFileSync(path.join(dir, "tokenizer_config.json"), " "),
        /tokenizer_config\.json changed since the checkpoint was registered \(\d+ bytes then, \d+ now\)/,
      ],
      [
        "same size",
        (dir) => flipLastByte(path.join(dir, "model.onnx")),
        /model\.onnx changed since the checkpoint was registered \(same size, different sha256\)/,
      ],
      [
        "vanished",
        (dir) => fs.rmSync(path.join(dir, "config.json")),
        /config\.json is missing from the registered folder/,
      ],
    ];
    for (const [i, [label, change, message]] of changes.entries()) {
      const dir = buildCheckpoint(root, `changed-${i}`);
      const res = await register(runId, { step: 200 + i, path: dir });
      change(dir);
      await expect(replay(res.json.checkpointId), label).rejects.toMatchObject({
        name: "PermanentJobError",
        message: expect.stringMatching(message),
      });
      const stored = (await call(checkpointRoute.GET, "GET", { params: { id: res.json.checkpointId } })).json;
      expect(stored.status, label).toBe("failed");
      expect(stored.error, label).toMatch(message);
      expect(stored.error, label).not.toContain(root);
    }
  });

  it("hands the worker exactly the registered files, as links to the checked originals", async () => {
    const runId = await newRun();
    const dir = copyHfCheckpoint(root, "materialise/checkpoint-3", "llama-bf16-untied", { withTrainerState: true });
    fs.writeFileSync(path.join(dir, "model.onnx.unrelated"), "x");
    const res = await register(runId, { step: 3, path: dir });
    const row = await db().checkpoint.findUniqueOrThrow({ where: { id: res.json.checkpointId } });
    const cache = makeTempDir("materialise-cache");
    const local = await materialiseCheckpoint(getConfig(), row, cache);
    try {
      expect(fs.readdirSync(local.dir).sort()).toEqual([
        "config.json",
        "generation_config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
      ]);
      for (const name of fs.readdirSync(local.dir))
        expect(fs.realpathSync(path.join(local.dir, name))).toBe(fs.realpathSync(path.join(dir, name)));
    } finally {
      await local.release();
    }
    expect(fs.readdirSync(cache)).toEqual([]);
    removeDir(cache);
  });
});

function flipLastByte(file: string): void {
  const bytes = fs.readFileSync(file);
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
  fs.writeFileSync(file, bytes);
}
