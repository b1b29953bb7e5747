import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "@/lib/server/config";
import type { ImportedAcebenchRun } from "@/lib/server/sample-data/import-acebench-folders";
import { importAcebenchSample } from "@/lib/server/sample-data/import-acebench-sample";
import { db, uniqueName } from "../helpers";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const MULTI_TURN = path.resolve(ROOT, "..", "shared", "data", "acebench-dialogues", "multi_turn");

// The configuration table of ../shared/data/README.md, written out here as the oracle.
const EXPECTED: Record<string, { regime: string; scheme: string }> = {
  "Qwen2.5-1.5B-Instruct-local": { regime: "base", scheme: "none" },
  "Qwen2.5-1.5B-FCL-SFT-lr1e-5": { regime: "sft", scheme: "none" },
  "Qwen2.5-1.5B-ACE-SFT-lr1e-5": { regime: "sft", scheme: "none" },
  "Qwen2.5-1.5B-GRPO": { regime: "vanilla_rl", scheme: "none" },
  "Qwen2.5-1.5B-GRPO+FCL-SFT": { regime: "sft_then_rl", scheme: "sequential" },
  "Qwen2.5-1.5B-GRPO+ACE-SFT": { regime: "sft_then_rl", scheme: "sequential" },
  "Qwen2.5-1.5B-GRPO-sft-replace-1": { regime: "ops", scheme: "synchronous" },
  "Qwen2.5-1.5B-GRPO-hint-asst-2-sys": { regime: "hbg", scheme: "synchronous" },
  "Qwen2.5-1.5B-GRPO-sft-turn-3-lr1e-5": { regime: "ets", scheme: "interleaved" },
  "Qwen2.5-1.5B-GRPO-pr-turn-3": { regime: "prs", scheme: "interleaved" },
};

// The integration database is shared by every test file (the CLI test imports folders by their
// own names): these runs get their own name prefix.
const prefix = `${uniqueName("sample")}-`;
let first: ImportedAcebenchRun[] = [];

function table(rows: [sender: string, content: string][]): string {
  const row = (cells: string[]) =>
    `| ${cells[0]!.padEnd(15)} | ${cells[1]!.padEnd(10)} | ${cells[2]!.padEnd(25)} | ${cells[3]!.padEnd(60)} |`;
  const lines = [
    row(["message_index", "sender", "recipient", "content"]),
    `|${"-".repeat(17)}|${"-".repeat(12)}|${"-".repeat(27)}|${"-".repeat(62)}|`,
  ];
  rows.forEach(([sender, content], i) =>
    lines.push(row([String(i), sender, sender === "user" ? "agent" : "user", content])),
  );
  return `${lines.join("\n")}\n`;
}

beforeAll(async () => {
  first = await importAcebenchSample(db(), MULTI_TURN, { namePrefix: prefix });
}, 120_000);

describe("importAcebenchSample", () => {
  it("imports the ten configurations as real eval runs labelled per the data README", async () => {
    expect(first.map((r) => r.folder).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const imported of first) {
      expect(imported).toMatchObject({
        name: `${prefix}${imported.folder}`,
        isCreated: true,
        isSkipped: false,
        dialogues: 30,
        inserted: 30,
      });
      const run = await db().run.findUniqueOrThrow({ where: { id: imported.id } });
      expect(run).toMatchObject({ isDemo: false, model: "Qwen2.5-1.5B-Instruct", ...EXPECTED[imported.folder] });
      expect(JSON.parse(run.config)).toEqual({ source: "acebench", folder: imported.folder });
      expect(await db().rollout.count({ where: { runId: run.id } })).toBe(30);
      expect(
        await db().rollout.count({ where: { runId: run.id, step: 0, split: "eval", evalKind: "content_ood" } }),
      ).toBe(30);
    }
  });

  it("classifies every agent row: turn counts match the raw tables, vanilla GRPO collapses and the base model does not", async () => {
    const runOf = (folder: string) => first.find((r) => r.folder === folder)!.id;
    for (const folder of ["Qwen2.5-1.5B-GRPO", "Qwen2.5-1.5B-Instruct-local"]) {
      // Oracle: agent rows counted with a regex over the raw tables, independent of the parser.
      const agentRows = fs
        .readdirSync(path.join(MULTI_TURN, folder))
        .reduce(
          (n, f) =>
            n +
            (fs.readFileSync(path.join(MULTI_TURN, folder, f), "utf8").match(/^\| \d+ +\| agent +\|/gm)?.length ?? 0),
          0,
        );
      expect(await db().turn.count({ where: { runId: runOf(folder) } })).toBe(agentRows);
    }
    expect(
      await db().turn.count({ where: { runId: runOf("Qwen2.5-1.5B-GRPO"), state: "full_collapse" } }),
    ).toBeGreaterThan(0);
    expect(
      await db().turn.count({ where: { runId: runOf("Qwen2.5-1.5B-Instruct-local"), state: "full_collapse" } }),
    ).toBe(0);
  });

  it("skips complete runs on a second call, writing nothing", async () => {
    const counts = async () => ({
      runs: await db().run.count(),
      rollouts: await db().rollout.count(),
      turns: await db().turn.count(),
      health: await db().stepHealth.count(),
    });
    const before = await counts();
    const again = await importAcebenchSample(db(), MULTI_TURN, { namePrefix: prefix });
    expect(again.map((r) => [r.id, r.isSkipped, r.inserted])).toEqual(first.map((r) => [r.id, true, 0]));
    expect(await counts()).toEqual(before);
  });

  it("completes a partly imported run without duplicating what is stored", async () => {
    const p = `${uniqueName("sample-partial")}-`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-sample-"));
    fs.mkdirSync(path.join(dir, "cfg-a"));
    for (const i of [0, 1, 2])
      fs.writeFileSync(
        path.join(dir, "cfg-a", `${i}_dialogue_history.txt`),
        table([
          ["user", `Send Frank note ${i}`],
          ["agent", "<tool_call>"],
        ]),
      );
    try {
      const [run] = await importAcebenchSample(db(), dir, { namePrefix: p });
      await db().rollout.deleteMany({ where: { runId: run!.id, sampleId: "2_dialogue_history" } });
      const [resumed] = await importAcebenchSample(db(), dir, { namePrefix: p });
      expect(resumed).toMatchObject({ id: run!.id, isCreated: false, isSkipped: false, inserted: 1, duplicates: 2 });
      expect(await db().rollout.count({ where: { runId: run!.id } })).toBe(3);
      // An unknown folder is imported with no regime: the run records where it came from.
      expect(await db().run.findUniqueOrThrow({ where: { id: run!.id } })).toMatchObject({
        regime: null,
        isDemo: false,
        config: JSON.stringify({ source: "acebench", folder: "cfg-a" }),
      });
    } finally {
      await db().run.deleteMany({ where: { name: { startsWith: p } } });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a folder set with a broken table, naming the file and line, and writes nothing", async () => {
    const p = `${uniqueName("sample-bad")}-`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-sample-"));
    fs.mkdirSync(path.join(dir, "cfg-good"));
    fs.mkdirSync(path.join(dir, "cfg-broken"));
    fs.writeFileSync(
      path.join(dir, "cfg-good", "0_dialogue_history.txt"),
      table([
        ["user", "hi"],
        ["agent", "Hello."],
      ]),
    );
    fs.writeFileSync(
      path.join(dir, "cfg-broken", "0_dialogue_history.txt"),
      table([
        ["user", "hi"],
        ["wizard", "Hello."],
      ]),
    );
    try {
      const attempt = importAcebenchSample(db(), dir, { namePrefix: p });
      await expect(attempt).rejects.toThrow(`${path.join(dir, "cfg-broken", "0_dialogue_history.txt")}: line 4: `);
      expect(await db().run.count({ where: { name: { startsWith: p } } })).toBe(0);
      await expect(importAcebenchSample(db(), path.join(dir, "missing"))).rejects.toThrow(
        `${path.join(dir, "missing")}: no such directory`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("SPIKEWATCH_SAMPLE_DATA", () => {
  it("defaults to the shared ACEBench folder beside the checkout, accepts off or a directory, and names itself when wrong", () => {
    expect(resolveConfig({}).sampleData).toBe(MULTI_TURN);
    expect(resolveConfig({ SPIKEWATCH_SAMPLE_DATA: "off" }).sampleData).toBeNull();
    expect(resolveConfig({ SPIKEWATCH_SAMPLE_DATA: os.tmpdir() }).sampleData).toBe(path.resolve(os.tmpdir()));
    expect(() => resolveConfig({ SPIKEWATCH_SAMPLE_DATA: "/no/such/dir" })).toThrow(ConfigError);
    expect(() => resolveConfig({ SPIKEWATCH_SAMPLE_DATA: "/no/such/dir" })).toThrow(
      /SPIKEWATCH_SAMPLE_DATA: expected off or an existing directory, got "\/no\/such\/dir"/,
    );
  });
});
