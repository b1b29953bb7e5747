import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  COLLAPSED_TURNS,
  dumpGenerations,
  HEALTHY_TURNS,
  loadQwenChat,
  runToolAgentLoop,
  WEATHER_TOOL,
  type VerlSample,
} from "../fixtures/verl/verl-tool-agent";
import { copyHfCheckpoint } from "../fixtures/hf-checkpoint";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { db, uniqueName } from "../helpers";

// verl writes what this test writes, step by step: RayPPOTrainer._dump_generations (verl/trainer/ppo/ray_trainer.py)
// puts <global_step>.jsonl in trainer.rollout_data_dir / validation_data_dir, and LocalLogger's concat_dict_to_str
// (verl/utils/logger/aggregate_logger.py) prints "step:N - key:value - ..." lines behind Ray's "(TaskRunner pid=N)".
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const chat = loadQwenChat();
const HEALTHY = runToolAgentLoop(chat, HEALTHY_TURNS, [WEATHER_TOOL]);
const COLLAPSED = runToolAgentLoop(chat, COLLAPSED_TURNS, [WEATHER_TOOL]);
const work = makeTempDir("follow-verl");
afterAll(() => removeDir(work));

function samples(healthy: number, collapsed: number): VerlSample[] {
  return [
    ...Array.from({ length: healthy }, (_, i) => ({ ...HEALTHY, gts: { i }, score: 1, extras: { acc: 1 } })),
    ...Array.from({ length: collapsed }, (_, i) => ({ ...COLLAPSED, gts: { i }, score: 0, extras: { acc: 0 } })),
  ];
}

const logLine = (step: number, score: number) =>
  `(TaskRunner pid=4242) step:${step} - critic/score/mean:${score} - actor/entropy:np.float64(0.5) - ` +
  "actor/grad_norm:nan\n";

type Follower = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startFollower(args: string[], env: Record<string, string> = {}): Follower {
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), "follow", "verl", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, output: () => output, exited };
}

async function until<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  what: string,
  follower: Follower,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; follower said:\n${follower.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(follower: Follower): Promise<void> {
  follower.child.kill("SIGTERM");
  expect(await follower.exited).toBe(0);
}

describe("spikewatch follow verl", () => {
  it("sends verl's dumps and metric lines as they complete, and a restart neither resends nor skips", async () => {
    const name = uniqueName("follow");
    const out = path.join(work, name);
    const rollouts = path.join(out, "rollouts");
    const validation = path.join(out, "validation");
    const log = path.join(out, "train.log");
    const positionFile = path.join(out, "position.json");
    fs.mkdirSync(out, { recursive: true });
    const args = [
      "--run",
      name,
      "--rollouts",
      rollouts,
      "--validation",
      validation,
      "--log",
      log,
      "--interval",
      "0.1",
      "--settle",
      "0.4",
      "--position",
      positionFile,
      "--regime",
      "vanilla_rl",
    ];

    // verl has not made the folders yet: the follower waits instead of failing.
    const first = startFollower(args);
    const run = await until(
      () => db().run.findUnique({ where: { name } }),
      (r) => r !== null,
      "the run",
      first,
    );
    const rolloutsOf = (split: string) =>
      db().rollout.findMany({ where: { runId: run!.id, split }, orderBy: [{ step: "asc" }, { sampleId: "asc" }] });

    fs.mkdirSync(rollouts);
    fs.mkdirSync(validation);
    fs.writeFileSync(path.join(validation, "0.jsonl"), dumpGenerations(0, samples(2, 0)));
    fs.writeFileSync(path.join(rollouts, "1.jsonl"), dumpGenerations(1, samples(3, 1)));
    const writtenAt = Math.floor(Date.now() / 1000) - 5; // whole seconds, so the mtime can be set again exactly
    fs.utimesSync(path.join(rollouts, "1.jsonl"), writtenAt, writtenAt);
    fs.writeFileSync(log, logLine(1, 0.75));
    await until(
      () => rolloutsOf("train"),
      (rows) => rows.length === 4,
      "step 1",
      first,
    );
    await until(
      () => rolloutsOf("val"),
      (rows) => rows.length === 2,
      "validation step 0",
      first,
    );

    // Step 2 is being written: its last line is cut. It is waited for, and so is a metric line without its newline.
    const step2 = dumpGenerations(2, samples(1, 3));
    fs.writeFileSync(path.join(rollouts, "2.jsonl"), step2.slice(0, step2.length - 25));
    fs.appendFileSync(log, logLine(2, 0.25).slice(0, 30));
    await new Promise((r) => setTimeout(r, 1500)); // more than three settle periods
    expect((await rolloutsOf("train")).map((r) => r.step)).toEqual([1, 1, 1, 1]);
    expect(first.output()).not.toContain("refused");
    fs.writeFileSync(path.join(rollouts, "2.jsonl"), step2);
    fs.appendFileSync(log, logLine(2, 0.25).slice(30));
    const train = await until(
      () => rolloutsOf("train"),
      (rows) => rows.length === 8,
      "step 2",
      first,
    );
    await stop(first);

    // A healthy rollout ends with its answer (worst state healthy_response); a collapsed one with the bare tag.
    expect(train.map((r) => [r.step, r.sampleId, r.worstState, r.reward])).toEqual([
      [1, "0", "healthy_response", 1],
      [1, "1", "healthy_response", 1],
      [1, "2", "healthy_response", 1],
      [1, "3", "full_collapse", 0],
      [2, "0", "healthy_response", 1],
      [2, "1", "full_collapse", 0],
      [2, "2", "full_collapse", 0],
      [2, "3", "full_collapse", 0],
    ]);
    const health = await db().stepHealth.findMany({
      where: { runId: run!.id, split: "train" },
      orderBy: { step: "asc" },
    });
    expect(health.map((h) => [h.step, h.rollouts, h.healthyToolCall, h.healthyResponse, h.fullCollapse])).toEqual([
      // three healthy rollouts: two call turns and an answer each; the collapsed one: a call, then the bare tag
      [1, 4, 7, 3, 1],
      [2, 4, 5, 1, 3],
    ]);
    const points = await db().metricPoint.findMany({
      where: { runId: run!.id },
      orderBy: [{ key: "asc" }, { step: "asc" }],
    });
    expect(points.map((p) => [p.key, p.step, p.value ?? p.nonFinite])).toEqual([
      ["actor/entropy", 1, 0.5],
      ["actor/entropy", 2, 0.5],
      ["actor/grad_norm", 1, "NaN"],
      ["actor/grad_norm", 2, "NaN"],
      ["critic/score/mean", 1, 0.75],
      ["critic/score/mean", 2, 0.25],
    ]);

    // While stopped: an already sent step file gets other bytes but keeps its size and mtime (a resend would
    // now be refused and reported), and verl writes step 3 and more metric lines.
    const sent = path.join(rollouts, "1.jsonl");
    fs.writeFileSync(sent, "x".repeat(fs.statSync(sent).size - 1) + "\n");
    fs.utimesSync(sent, writtenAt, writtenAt);
    fs.writeFileSync(path.join(rollouts, "3.jsonl"), dumpGenerations(3, samples(2, 2)));
    fs.appendFileSync(log, logLine(3, 0.5));

    const second = startFollower(args);
    await until(
      () => rolloutsOf("train"),
      (rows) => rows.length === 12,
      "step 3",
      second,
    );
    await until(
      () => db().metricPoint.count({ where: { runId: run!.id } }),
      (n) => n === 9,
      "step 3 metrics",
      second,
    );
    await stop(second);
    expect(second.output()).not.toContain("refused");
    expect(await db().rollout.count({ where: { runId: run!.id } })).toBe(14);
    expect(second.output()).toContain("1 nan/inf"); // only step 3's line was read again
    // verl printed actor/grad_norm:nan at step 3: kept as NaN, as a diverged run's loss must be.
    const nan = await db().metricPoint.findFirstOrThrow({ where: { runId: run!.id, key: "actor/grad_norm", step: 3 } });
    expect(nan).toMatchObject({ value: null, nonFinite: "NaN" });
  });

  it("registers each checkpoint verl saves once its folder is complete, and refuses a folder outside the roots", async () => {
    const name = uniqueName("follow-ckpt");
    const out = path.join(work, name);
    const ckpts = path.join(out, "ckpts");
    fs.mkdirSync(path.join(out, "rollouts"), { recursive: true });
    // verl's FSDPCheckpointManager saves global_step_<N>/actor/; its model merger writes actor/huggingface/.
    copyHfCheckpoint(path.join(ckpts, "global_step_10", "actor"), "huggingface", "qwen2-fp32");
    // Before the merge, step 20 holds FSDP shards and huggingface/ with only the config and tokenizer.
    const hf20 = copyHfCheckpoint(path.join(ckpts, "global_step_20", "actor"), "huggingface", "qwen2-bf16-sharded");
    const weights = fs.readdirSync(hf20).filter((f) => f.includes("safetensors"));
    const merged = path.join(out, "merged");
    fs.mkdirSync(merged);
    for (const f of weights) fs.renameSync(path.join(hf20, f), path.join(merged, f));
    fs.writeFileSync(path.join(ckpts, "global_step_20", "actor", "model_world_size_2_rank_0.pt"), "pickle");
    const args = ["--run", name, "--rollouts", path.join(out, "rollouts"), "--checkpoints", ckpts, "--interval", "0.2"];

    const outside = startFollower(args, { SPIKEWATCH_CHECKPOINT_ROOTS: path.join(work, "elsewhere") });
    expect(await outside.exited).toBe(1);
    expect(outside.output()).toContain(`--checkpoints ${ckpts}`);
    expect(await db().run.findUnique({ where: { name } })).toBeNull();

    const follower = startFollower(args, { SPIKEWATCH_CHECKPOINT_ROOTS: work });
    const run = await until(
      () => db().run.findUnique({ where: { name } }),
      (r) => r !== null,
      "the run",
      follower,
    );
    const steps = () => db().checkpoint.findMany({ where: { runId: run!.id }, select: { step: true, source: true } });
    await until(steps, (rows) => rows.length === 1, "step 10", follower);
    // The FSDP-only step gets one message with the merge command, not a failed job.
    await until(
      async () => follower.output(),
      (text) => text.includes("verl.model_merger merge"),
      "merge hint",
      follower,
    );
    for (const f of weights) fs.renameSync(path.join(merged, f), path.join(hf20, f)); // verl.model_merger ran
    await until(steps, (rows) => rows.length === 2, "step 20", follower);
    await stop(follower);
    expect((await steps()).sort((a, b) => a.step - b.step)).toEqual([
      { step: 10, source: "path" },
      { step: 20, source: "path" },
    ]);

    const again = startFollower([...args, "--once"], { SPIKEWATCH_CHECKPOINT_ROOTS: work });
    expect(await again.exited).toBe(0);
    expect(await db().checkpoint.count({ where: { runId: run!.id } })).toBe(2);
  });
});
