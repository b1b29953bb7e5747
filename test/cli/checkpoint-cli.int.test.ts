import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/server/context";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { copyHfCheckpoint } from "../fixtures/hf-checkpoint";
import { db, uniqueName } from "../helpers";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const roots = makeTempDir("cli-roots");
const outside = makeTempDir("cli-outside");
afterAll(() => {
  removeDir(roots);
  removeDir(outside);
});

function cli(args: string[], env: Record<string, string | undefined> = { SPIKEWATCH_CHECKPOINT_ROOTS: roots }) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const checkpointsOf = async (name: string) =>
  db().checkpoint.findMany({
    where: { run: { name } },
    select: { step: true, source: true, dir: true, files: true },
    orderBy: { step: "asc" },
  });

describe("spikewatch checkpoint add", () => {
  it("registers a folder under the roots in place, noting the training state it skips", async () => {
    const run = uniqueName("cli-add");
    const dir = copyHfCheckpoint(roots, "out/checkpoint-7", "qwen3-bf16", { withTrainerState: true });
    const res = cli(["checkpoint", "add", "--run", run, "--step", "7", dir]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(`created run "${run}"`);
    expect(res.stderr).toMatch(
      /skipping 5 files \(optimizer, scheduler, RNG and trainer state: replay does not need it\): .*optimizer\.pt/,
    );
    expect(res.stderr).toMatch(/registered step 7: checkpoint \S+, replay job \S+/);
    const [stored] = await checkpointsOf(run);
    expect(stored).toMatchObject({ step: 7, source: "path", dir: fs.realpathSync(dir) });

    const again = cli(["checkpoint", "add", "--run", run, "--step", "7", dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("Run already has a checkpoint at step 7");
  });

  it("copies a folder outside the roots with --copy, and refuses it without", async () => {
    const run = uniqueName("cli-copy");
    const dir = copyHfCheckpoint(outside, "checkpoint-8", "qwen2-fp32");
    const refused = cli(["checkpoint", "add", "--run", run, "--step", "8", dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is not under SPIKEWATCH_CHECKPOINT_ROOTS");
    const off = cli(["checkpoint", "add", "--run", run, "--step", "8", dir], { SPIKEWATCH_CHECKPOINT_ROOTS: "" });
    expect(off.stderr).toContain("Registration by path is off: set SPIKEWATCH_CHECKPOINT_ROOTS");

    const copied = cli(["checkpoint", "add", "--run", run, "--step", "8", "--copy", dir]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stderr).toMatch(/copied step 8: checkpoint/);
    const [stored] = await checkpointsOf(run);
    expect(stored?.source).toBe("upload");
    expect(fs.readdirSync(path.join(getConfig().dataDir, stored!.dir)).sort()).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
  });

  it("refuses pickled weights with the reason, and bad flags with the usage line", () => {
    const dir = path.join(roots, "old-save");
    fs.mkdirSync(dir);
    fs.copyFileSync(
      path.join(copyHfCheckpoint(outside, "src", "qwen3-bf16"), "config.json"),
      path.join(dir, "config.json"),
    );
    fs.writeFileSync(path.join(dir, "pytorch_model.bin"), "pickle");
    const res = cli(["checkpoint", "add", "--run", uniqueName("cli-pickle"), "--step", "1", dir]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("only safetensors weights are loaded: pickled files (.bin, .pt, .pth) can run code");
    const usage = cli(["checkpoint", "add", "--run", "x", dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      "usage: spikewatch checkpoint add <folder|s3://bucket/prefix/> --run NAME|ID --step N [options]",
    );
  });
});

describe("spikewatch checkpoint watch", () => {
  it("registers an output folder's complete checkpoints with --once, and nothing twice when run again", async () => {
    const run = uniqueName("cli-watch");
    const out = path.join(roots, "watch-out");
    copyHfCheckpoint(out, "checkpoint-100", "qwen2-bf16-sharded", { withTrainerState: true });
    copyHfCheckpoint(out, "checkpoint-200", "qwen3-bf16", { withTrainerState: true });
    const incomplete = copyHfCheckpoint(out, "checkpoint-300", "qwen2-bf16-sharded");
    fs.rmSync(path.join(incomplete, "model-00002-of-00002.safetensors"));

    const first = cli(["checkpoint", "watch", "--run", run, "--once", "--interval", "0.2", out]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/registered step 100 \(checkpoint-100\): checkpoint/);
    expect(first.stderr).toMatch(
      /step 300 \(checkpoint-300\): not registered yet: model-00002-of-00002\.safetensors: named by .* but missing/,
    );
    expect((await checkpointsOf(run)).map((c) => c.step)).toEqual([100, 200]);

    const second = cli(["checkpoint", "watch", "--run", run, "--once", "--interval", "0.2", out]);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain("registered step");
    expect((await checkpointsOf(run)).map((c) => c.step)).toEqual([100, 200]);
  });

  it("refuses at once to watch a folder outside the roots", () => {
    const res = cli(["checkpoint", "watch", "--run", uniqueName("cli-watch-out"), "--once", outside]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("is not under SPIKEWATCH_CHECKPOINT_ROOTS");
  });
});
