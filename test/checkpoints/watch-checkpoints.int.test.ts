import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerCheckpoint } from "@/lib/server/checkpoints/register-checkpoint";
import { watchCheckpointFolders, type WatchEvent } from "@/lib/server/checkpoints/watch-checkpoint-folders";
import { getConfig } from "@/lib/server/context";
import { sleep } from "@/lib/utils/sleep";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { HF_CHECKPOINTS, TRAINER_STATE_FILES } from "../fixtures/hf-checkpoint";
import { db } from "../helpers";
import { newRun } from "./replay-helpers";

const root = makeTempDir("watch-roots");
process.env.SPIKEWATCH_CHECKPOINT_ROOTS = root;
afterAll(() => removeDir(root));

const INTERVAL_MS = 150;
const SHARDED = path.join(HF_CHECKPOINTS, "qwen2-bf16-sharded");
const BIG_SHARD = "model-00001-of-00002.safetensors";

/** Starts a watcher on `outputDir` for the run; `stop()` ends it and returns every event it raised. */
function startWatcher(runId: string, outputDir: string, existingSteps: number[] = []) {
  const events: WatchEvent[] = [];
  const controller = new AbortController();
  const done = watchCheckpointFolders({
    outputDir,
    intervalMs: INTERVAL_MS,
    signal: controller.signal,
    existingSteps,
    register: (step, folder) => registerCheckpoint(db(), getConfig(), runId, { step, path: folder }),
    onEvent: (event) => events.push(event),
  });
  return { events, stop: async () => (controller.abort(), await done, events) };
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); await sleep(50, new AbortController().signal)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

const steps = async (runId: string) =>
  (await db().checkpoint.findMany({ where: { runId }, select: { step: true }, orderBy: { step: "asc" } })).map(
    (c) => c.step,
  );

/** Writes files the way transformers' Trainer._save_checkpoint does: model, the big shard in chunks, trainer state. */
async function saveTrainerCheckpoint(outputDir: string, step: number, { chunkPauseMs = 40 } = {}): Promise<void> {
  const dir = path.join(outputDir, `checkpoint-${step}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of [
    "config.json",
    "generation_config.json",
    "model.safetensors.index.json",
    "model-00002-of-00002.safetensors",
    "tokenizer_config.json",
  ]) {
    fs.copyFileSync(path.join(SHARDED, name), path.join(dir, name));
  }
  fs.copyFileSync(path.join(HF_CHECKPOINTS, "tokenizer.json"), path.join(dir, "tokenizer.json"));
  const bytes = fs.readFileSync(path.join(SHARDED, BIG_SHARD));
  const chunk = Math.ceil(bytes.length / 12);
  for (let at = 0; at < bytes.length; at += chunk) {
    fs.appendFileSync(path.join(dir, BIG_SHARD), bytes.subarray(at, at + chunk));
    await sleep(chunkPauseMs, new AbortController().signal);
  }
  for (const name of TRAINER_STATE_FILES) fs.writeFileSync(path.join(dir, name), "state");
}

describe("checkpoint watch", () => {
  it("registers each transformers checkpoint-<N> once it is complete, never a shard still being written", async () => {
    const runId = await newRun();
    const out = path.join(root, "trl-out");
    fs.mkdirSync(out);
    const watcher = startWatcher(runId, out);
    await saveTrainerCheckpoint(out, 500);
    // Writing took 12 chunks over several scans: nothing may be registered from a partial shard.
    await waitFor(async () => (await steps(runId)).includes(500), "checkpoint-500");
    const stored = await db().checkpoint.findFirstOrThrow({ where: { runId, step: 500 } });
    const shard = (JSON.parse(stored.files) as { name: string; bytes: number }[]).find((f) => f.name === BIG_SHARD);
    expect(shard?.bytes).toBe(fs.statSync(path.join(SHARDED, BIG_SHARD)).size);
    await saveTrainerCheckpoint(out, 1000);
    await waitFor(async () => (await steps(runId)).includes(1000), "checkpoint-1000");
    const events = await watcher.stop();
    expect(events.filter((e) => e.kind === "registered").map((e) => e.folder.step)).toEqual([500, 1000]);
    expect(await steps(runId)).toEqual([500, 1000]);
  });

  it("waits for a shard the index names, and registers nothing twice after a restart", async () => {
    const runId = await newRun();
    const out = path.join(root, "restart-out");
    await saveTrainerCheckpoint(out, 10, { chunkPauseMs: 0 });
    const missing = path.join(out, "checkpoint-10", "model-00002-of-00002.safetensors");
    const parked = `${missing}.later`;
    fs.renameSync(missing, parked);
    const first = startWatcher(runId, out);
    await waitFor(() => first.events.some((e) => e.kind === "incomplete"), "the incomplete note");
    await sleep(INTERVAL_MS * 4, new AbortController().signal);
    expect(await steps(runId)).toEqual([]);
    fs.renameSync(parked, missing);
    await waitFor(async () => (await steps(runId)).includes(10), "checkpoint-10");
    const firstEvents = await first.stop();
    expect(firstEvents.filter((e) => e.kind === "incomplete")).toEqual([
      {
        kind: "incomplete",
        folder: { step: 10, name: "checkpoint-10", actorName: null },
        message:
          "model-00002-of-00002.safetensors: named by model.safetensors.index.json but missing from the checkpoint",
      },
    ]);

    // The restarted watcher knows the run's steps, as `spikewatch checkpoint watch` reads them at start.
    const second = startWatcher(runId, out, await steps(runId));
    await saveTrainerCheckpoint(out, 20, { chunkPauseMs: 0 });
    await waitFor(async () => (await steps(runId)).includes(20), "checkpoint-20");
    await sleep(INTERVAL_MS * 3, new AbortController().signal);
    expect((await second.stop()).map((e) => [e.kind, e.folder.step])).toEqual([["registered", 20]]);
    expect(await steps(runId)).toEqual([10, 20]);
  });

  it("gives a verl step with only FSDP shards one message with the merge command, registers it merged", async () => {
    const runId = await newRun();
    const out = path.join(root, "verl-out");
    // verl FSDPCheckpointManager.save_checkpoint (2 ranks, save_contents without hf_model).
    const actor = path.join(out, "global_step_40", "actor");
    const hf = path.join(actor, "huggingface");
    fs.mkdirSync(hf, { recursive: true });
    for (const rank of [0, 1])
      for (const kind of ["model", "optim", "extra_state"])
        fs.writeFileSync(path.join(actor, `${kind}_world_size_2_rank_${rank}.pt`), "shard");
    fs.writeFileSync(path.join(actor, "fsdp_config.json"), JSON.stringify({ FSDP_version: 1, world_size: 2 }));
    for (const name of ["config.json", "generation_config.json", "tokenizer_config.json"])
      fs.copyFileSync(path.join(HF_CHECKPOINTS, "qwen3-bf16", name), path.join(hf, name));
    fs.copyFileSync(path.join(HF_CHECKPOINTS, "tokenizer.json"), path.join(hf, "tokenizer.json"));

    const watcher = startWatcher(runId, out);
    await waitFor(() => watcher.events.length > 0, "the unmerged note");
    await sleep(INTERVAL_MS * 5, new AbortController().signal);
    expect(await steps(runId)).toEqual([]);
    // What verl.model_merger writes into --target_dir: the model's safetensors (save_pretrained).
    fs.copyFileSync(path.join(HF_CHECKPOINTS, "qwen3-bf16", "model.safetensors"), path.join(hf, "model.safetensors"));
    await waitFor(async () => (await steps(runId)).includes(40), "global_step_40");
    const events = await watcher.stop();
    expect(events.map((e) => e.kind)).toEqual(["unmerged", "registered"]);
    expect(events[0]).toMatchObject({ folder: { step: 40, name: "global_step_40/actor/huggingface" } });
    expect((events[0] as { message: string }).message).toContain(
      `python -m verl.model_merger merge --backend fsdp --local_dir ${actor} --target_dir ${hf}`,
    );
  });
});
