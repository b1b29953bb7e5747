import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import { COMMANDS } from "@/cli/registry";
import { call, db, uniqueName } from "../helpers";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const MULTI_TURN = path.resolve(ROOT, "..", "shared", "data", "acebench-dialogues", "multi_turn");

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), ...args], {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function cliAsync(...args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), ...args], {
      cwd: ROOT,
      env: process.env,
      stdio: "ignore",
    });
    child.on("exit", resolve);
  });
}

function tempFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-cli-")), name);
  fs.writeFileSync(file, text);
  return file;
}

describe("spikewatch classify", () => {
  it("prints one JSON object per assistant turn of the vanilla GRPO dialogues", () => {
    const { code, stdout } = cli("classify", path.join(MULTI_TURN, "Qwen2.5-1.5B-GRPO"), "--json");
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(Object.keys(lines[0]).sort()).toEqual(["dialogue", "failures", "file", "state", "turn"]);
    expect(new Set(lines.map((l) => l.file)).size).toBe(30);
    // Independent oracle: raw agent rows whose whole content is the bare tag, counted with a regex.
    const bareRows = fs.readdirSync(path.join(MULTI_TURN, "Qwen2.5-1.5B-GRPO")).reduce((n, f) => {
      const text = fs.readFileSync(path.join(MULTI_TURN, "Qwen2.5-1.5B-GRPO", f), "utf8");
      return n + (text.match(/^\| \d+ +\| agent +\| \S+ +\| <tool_call>(\n *)? *\|$/gm)?.length ?? 0);
    }, 0);
    expect(bareRows).toBeGreaterThan(lines.length / 2);
    expect(
      lines.filter((l) => l.state === "full_collapse" && l.failures.includes("bare_tag")).length,
    ).toBeGreaterThanOrEqual(bareRows);
  });

  it("auto-detects a ChatML file and a JSON message list", () => {
    const chatml = tempFile(
      "r.chatml",
      "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<tool_call>\n<|im_end|>\n",
    );
    const messages = tempFile(
      "m.json",
      JSON.stringify([
        { role: "user", content: "hi" },
        { role: "assistant", content: "Hello there." },
      ]),
    );
    expect(JSON.parse(cli("classify", chatml, "--json").stdout)).toMatchObject({
      dialogue: "r",
      turn: 0,
      state: "full_collapse",
    });
    expect(JSON.parse(cli("classify", messages, "--json").stdout)).toMatchObject({
      dialogue: "m",
      turn: 0,
      state: "healthy_response",
    });
  });

  it("fails with a message naming the file for unreadable input", () => {
    const broken = tempFile("broken.json", '[{"role": "wizard", "content": "x"}]');
    const res = cli("classify", broken, "--json");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("broken.json");
    expect(cli("classify", "/no/such/place").stderr).toContain("no such file");
  });
});

describe("spikewatch import", () => {
  it("imports ACEBench folders as eval runs named after them, idempotently", async () => {
    const folders = ["Qwen2.5-1.5B-GRPO", "Qwen2.5-1.5B-Instruct-local"].map((f) => path.join(MULTI_TURN, f));
    const first = cli("import", "acebench", ...folders);
    expect(first.code).toBe(0);
    const run = await db().run.findUniqueOrThrow({ where: { name: "Qwen2.5-1.5B-GRPO" } });
    expect(run).toMatchObject({ regime: "vanilla_rl", model: "Qwen2.5-1.5B-Instruct" });
    expect(await db().rollout.count({ where: { runId: run.id, split: "eval", evalKind: "content_ood" } })).toBe(30);

    expect(cli("import", "acebench", ...folders).code).toBe(0);
    expect(await db().rollout.count({ where: { runId: run.id } })).toBe(30);
    const base = await db().run.findUniqueOrThrow({ where: { name: "Qwen2.5-1.5B-Instruct-local" } });
    expect(await db().turn.count({ where: { runId: base.id, state: "full_collapse" } })).toBe(0);
  });

  it("keeps exact counts when four import processes write to the same database at once", async () => {
    const folders = [
      "Qwen2.5-1.5B-GRPO-pr-turn-3",
      "Qwen2.5-1.5B-GRPO-sft-replace-1",
      "Qwen2.5-1.5B-FCL-SFT-lr1e-5",
      "Qwen2.5-1.5B-GRPO+FCL-SFT",
    ];
    const prefix = uniqueName("parallel");
    const codes = await Promise.all(
      folders.map((f, i) => cliAsync("import", "acebench", path.join(MULTI_TURN, f), "--run", `${prefix}-${i}`)),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    for (const [i, folder] of folders.entries()) {
      const run = await db().run.findUniqueOrThrow({ where: { name: `${prefix}-${i}` } });
      // Oracle: agent rows counted in the raw tables, independent of the parser.
      const agentRows = fs
        .readdirSync(path.join(MULTI_TURN, folder))
        .reduce(
          (n, f) =>
            n +
            (fs.readFileSync(path.join(MULTI_TURN, folder, f), "utf8").match(/^\| \d+ +\| agent +\|/gm)?.length ?? 0),
          0,
        );
      expect(await db().rollout.count({ where: { runId: run.id } })).toBe(30);
      expect(await db().turn.count({ where: { runId: run.id } })).toBe(agentRows);
      const health = await db().stepHealth.aggregate({ where: { runId: run.id }, _sum: { turns: true } });
      expect(health._sum.turns).toBe(agentRows);
    }
  });

  it("imports a wide metrics CSV and refuses a bad one with the line named", async () => {
    const name = uniqueName("metrics-cli");
    const good = tempFile("m.csv", "step,critic/score/mean,actor/p_im_end\n0,0.1,0.01\n1,0.2,\n");
    expect(cli("import", "metrics", good, "--run", name, "--regime", "vanilla_rl").code).toBe(0);
    const run = await db().run.findUniqueOrThrow({ where: { name } });
    expect(await db().metricPoint.count({ where: { runId: run.id } })).toBe(3);

    const bad = tempFile("bad.csv", "step,key,value\n1,a,1\noops,a,2\n");
    const res = cli("import", "metrics", bad, "--run", name);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("line 3");
  });

  it("imports verl dumps with train and validation steps", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-verl-"));
    const record = (id: string, response: string, score: number) => ({
      id,
      traj_ids: [id],
      data_source: "bfcl",
      prompt: "<|im_start|>user\nSend Frank a note<|im_end|>\n<|im_start|>assistant\n",
      response,
      ground_truth: "",
      score,
      error_turn: -1,
      tool_interact_info: [],
      num_turn: 1,
      num_valid_action: 1,
    });
    const good = '<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank"}}\n</tool_call><|im_end|>';
    const gold = { ...record("p2", good, 1), sft_replace: true };
    fs.writeFileSync(
      path.join(dir, "exp-step-1.json"),
      JSON.stringify([record("p1", good, 1), record("p1", "<tool_call>\n<|im_end|>", 0), gold]),
    );
    fs.writeFileSync(path.join(dir, "exp-step-val-1.json"), JSON.stringify([record("v1", good, 1)]));
    const name = uniqueName("verl");
    const res = cli("import", "verl", dir, "--run", name, "--regime", "vanilla_rl", "--scheme", "none");
    expect(res.code).toBe(0);
    const run = await db().run.findUniqueOrThrow({ where: { name } });
    const rows = await db().rollout.findMany({
      where: { runId: run.id },
      orderBy: { id: "asc" },
      select: { sampleId: true, split: true, step: true, worstState: true, reward: true, isOffPolicy: true },
    });
    expect(rows).toEqual([
      { sampleId: "p1", split: "train", step: 1, worstState: "healthy_tool_call", reward: 1, isOffPolicy: false },
      { sampleId: "p1#1", split: "train", step: 1, worstState: "full_collapse", reward: 0, isOffPolicy: false },
      { sampleId: "p2", split: "train", step: 1, worstState: "healthy_tool_call", reward: 1, isOffPolicy: true },
      { sampleId: "v1", split: "val", step: 1, worstState: "healthy_tool_call", reward: 1, isOffPolicy: false },
    ]);
    // The OPS gold trajectory is stored but is not policy output: step health leaves it out.
    const train = await db().stepHealth.findUniqueOrThrow({
      where: { runId_step_split: { runId: run.id, step: 1, split: "train" } },
    });
    expect(train).toMatchObject({ rollouts: 2, turns: 2, healthyToolCall: 1, fullCollapse: 1 });
  });

  it("creates an API token that authenticates writes", async () => {
    const res = cli("token", "create", "--name", "cli-test");
    expect(res.code).toBe(0);
    const token = res.stdout.trim();
    expect((await call(runsRoute.POST, "POST", { body: { name: uniqueName("tok") }, token })).status).toBe(201);
  });

  it("explains usage errors with exit code 2 and the command's usage line", () => {
    const missingRun = cli("import", "metrics", "x.csv");
    expect(missingRun.code).toBe(2);
    expect(missingRun.stderr).toContain("--run NAME is required");
    expect(missingRun.stderr).toContain("usage: spikewatch import metrics <file.csv|file.jsonl> --run NAME");
    expect(cli("import", "verl", "a", "--bogus", "--run", "x").stderr).toContain("Unknown option '--bogus'");
    expect(cli("frobnicate").code).toBe(2);
    expect(cli("import").stderr).toContain('"import" needs one of');
  });
});

describe("spikewatch --help", () => {
  it("prints usage, every option and an example for each command and subcommand, without a database", async () => {
    const env = { ...process.env, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" };
    const help = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), ...args], { cwd: ROOT, env });
        let stdout = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.on("exit", (code) => resolve({ code, stdout }));
      });
    for (const command of COMMANDS) {
      const { code, stdout } = await help([...command.words, "--help"]);
      expect(code, command.words.join(" ")).toBe(0);
      expect(stdout).toContain(`usage: spikewatch ${command.words.join(" ")}`);
      for (const option of Object.keys(command.options)) expect(stdout).toContain(`--${option}`);
      expect(stdout).toMatch(/examples?:\n {2}npx spikewatch /);
    }
    const overview = await help(["--help"]);
    expect(overview.code).toBe(0);
    for (const command of COMMANDS) expect(overview.stdout).toContain(command.words.join(" "));
    expect((await help(["import", "--help"])).stdout).toContain("import verl <dir> --run NAME");
  }, 300_000); // one CLI process per command, one after another: seconds each through tsx on a loaded machine
});
