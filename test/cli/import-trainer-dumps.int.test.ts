import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  runTrlToolLoop,
  wandbCompletionsTable,
  writeCompletionsParquet,
  type CompletionRow,
} from "../fixtures/trl/trl-completions";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import {
  COLLAPSED_TURNS,
  dumpGenerations,
  HEALTHY_TURNS,
  loadQwenChat,
  runToolAgentLoop,
  WEATHER_TOOL,
} from "../fixtures/verl/verl-tool-agent";
import { db, uniqueName } from "../helpers";

// Trainer outputs as upstream writes them: verl's RayPPOTrainer._dump_generations (<step>.jsonl, fed by
// ToolAgentLoop and decoded with skip_special_tokens=True) and TRL's GRPOTrainer.log (completions parquet,
// W&B table). See test/fixtures/verl and test/fixtures/trl.
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const chat = loadQwenChat();
const work = makeTempDir("trainer-dumps");
afterAll(() => removeDir(work));

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), ...args], {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function write(relative: string, content: string | Uint8Array): string {
  const file = path.join(work, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const verl = {
  healthy: runToolAgentLoop(chat, HEALTHY_TURNS, [WEATHER_TOOL]),
  collapsed: runToolAgentLoop(chat, COLLAPSED_TURNS, [WEATHER_TOOL]),
};
const trl = {
  healthy: runTrlToolLoop(chat, HEALTHY_TURNS, [WEATHER_TOOL]),
  collapsed: runTrlToolLoop(chat, COLLAPSED_TURNS, [WEATHER_TOOL]),
};
const trlRows = (step: number): CompletionRow[] => [
  { step, ...trl.healthy, rewards: { accuracy_reward: 1, format_reward: 1 }, advantage: 0.9 },
  { step, ...trl.collapsed, rewards: { accuracy_reward: 0, format_reward: 0 }, advantage: -0.9 },
];

describe("spikewatch import verl-generations", () => {
  it("imports train and validation dumps, one rollout per line, idempotently", async () => {
    write(
      "verl/rollouts/1.jsonl",
      dumpGenerations(1, [
        { ...verl.healthy, gts: "a", score: 1 },
        { ...verl.collapsed, gts: "a", score: 0 },
      ]),
    );
    write("verl/rollouts/2.jsonl", dumpGenerations(2, [{ ...verl.collapsed, gts: "b", score: 0 }]));
    write("verl/validation/0.jsonl", dumpGenerations(0, [{ ...verl.healthy, gts: "c", score: 1, extras: { acc: 1 } }]));
    const name = uniqueName("verl-gen");
    expect(cli("import", "verl-generations", path.join(work, "verl/rollouts"), "--run", name).code).toBe(0);
    expect(
      cli("import", "verl-generations", path.join(work, "verl/validation"), "--run", name, "--split", "val").code,
    ).toBe(0);
    expect(cli("import", "verl-generations", path.join(work, "verl/rollouts"), "--run", name).code).toBe(0);
    const run = await db().run.findUniqueOrThrow({ where: { name } });
    const rows = await db().rollout.findMany({
      where: { runId: run.id },
      orderBy: [{ split: "asc" }, { step: "asc" }, { sampleId: "asc" }],
    });
    expect(rows.map((r) => [r.split, r.step, r.sampleId, r.worstState, r.reward])).toEqual([
      ["train", 1, "0", "healthy_response", 1],
      ["train", 1, "1", "full_collapse", 0],
      ["train", 2, "0", "full_collapse", 0],
      ["val", 0, "0", "healthy_response", 1],
    ]);
    expect(await db().turn.count({ where: { runId: run.id, state: "text_pollution" } })).toBe(0);
  });

  it("names the file and line of a bad dump, stores nothing of it, and points import verl at it", async () => {
    const dir = path.join(work, "verl/bad");
    write("verl/bad/4.jsonl", `${dumpGenerations(4, [{ ...verl.healthy, gts: null, score: 1 }])}{"input": "x"}\n`);
    const name = uniqueName("verl-bad");
    const res = cli("import", "verl-generations", dir, "--run", name);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("4.jsonl: line 2.output: expected the decoded response as a string");
    expect(await db().rollout.count({ where: { run: { name } } })).toBe(0);
    const hint = cli("import", "verl", dir, "--run", name);
    expect(hint.code).toBe(1);
    expect(hint.stderr).toContain("use spikewatch import verl-generations");
  });
});

describe("spikewatch import trl-completions", () => {
  it("imports completions parquet files and a W&B table with the summed reward", async () => {
    write("trl/completions/completions_00010.parquet", writeCompletionsParquet(trlRows(10)));
    write("trl/completions/completions_00020.parquet", writeCompletionsParquet(trlRows(20)));
    const table = write("trl/wandb/completions_30_a1b2.table.json", wandbCompletionsTable(trlRows(30)));
    const name = uniqueName("trl");
    expect(cli("import", "trl-completions", path.join(work, "trl/completions"), "--run", name).code).toBe(0);
    expect(
      cli("import", "trl-completions", table, "--run", name, "--split", "eval", "--eval-kind", "content_ood").code,
    ).toBe(0);
    const run = await db().run.findUniqueOrThrow({ where: { name } });
    const rows = await db().rollout.findMany({
      where: { runId: run.id },
      orderBy: [{ step: "asc" }, { sampleId: "asc" }],
    });
    expect(rows.map((r) => [r.split, r.step, r.sampleId, r.worstState, r.reward])).toEqual([
      ["train", 10, "0", "healthy_response", 2],
      ["train", 10, "1", "full_collapse", 0],
      ["train", 20, "0", "healthy_response", 2],
      ["train", 20, "1", "full_collapse", 0],
      ["eval", 30, "0", "healthy_response", 2],
      ["eval", 30, "1", "full_collapse", 0],
    ]);
  });

  it("fails on binary, non-parquet and unknown files, naming them, with nothing stored", async () => {
    const name = uniqueName("trl-bad");
    const binary = write("bad/completions_00001.parquet", new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0xff]));
    const unknown = write("bad/other.json", JSON.stringify({ loss: [1, 2] }));
    expect(cli("import", "trl-completions", binary, "--run", name)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("completions_00001.parquet: not a parquet file"),
    });
    expect(cli("import", "trl-completions", unknown, "--run", name)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("other.json: expected a W&B table"),
    });
    expect(await db().rollout.count({ where: { run: { name } } })).toBe(0);
  });
});

describe("spikewatch classify on trainer outputs", () => {
  it("classifies a completions parquet and refuses a binary file with exit 1", () => {
    const parquet = write("classify/completions_00005.parquet", writeCompletionsParquet(trlRows(5)));
    const res = cli("classify", parquet, "--json");
    expect(res.code).toBe(0);
    expect(
      res.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).state),
    ).toEqual(["healthy_tool_call", "healthy_tool_call", "healthy_response", "healthy_tool_call", "full_collapse"]);
    const cut = write("classify/model.parquet", new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2, 3]));
    expect(cli("classify", cut)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("model.parquet: not a parquet file"),
    });
    const blob = write("classify/weights.txt", new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2, 3, 0x0a]));
    expect(cli("classify", blob)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("weights.txt: a binary file"),
    });
  });
});
