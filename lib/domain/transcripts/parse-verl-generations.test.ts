import { describe, expect, it } from "vitest";
import {
  COLLAPSED_TURNS,
  dumpGenerations,
  HEALTHY_TURNS,
  loadQwenChat,
  runToolAgentLoop,
  WEATHER_TOOL,
} from "@/test/fixtures/verl/verl-tool-agent";
import { classifyRolloutTurns } from "../ingest/prepare-rollout";
import { parseVerlGenerations, parseVerlGenerationsFileName } from "./parse-verl-generations";

// Fixtures follow upstream verl exactly, built from the real Qwen tokenizer and chat template:
// ToolAgentLoop (verl/experimental/agent_loop/tool_agent_loop.py) builds the token ids, RayPPOTrainer.fit
// decodes them with skip_special_tokens=True and RayPPOTrainer._dump_generations
// (verl/trainer/ppo/ray_trainer.py) writes <global_step>.jsonl. See test/fixtures/verl/verl-tool-agent.ts.
const chat = loadQwenChat();
const healthy = runToolAgentLoop(chat, HEALTHY_TURNS, [WEATHER_TOOL]);
const collapsed = runToolAgentLoop(chat, COLLAPSED_TURNS, [WEATHER_TOOL]);
const STEP_FILE = dumpGenerations(12, [
  { ...healthy, gts: { city: "Paris" }, score: 1, extras: { acc: 1.0, pred: "21" } },
  { ...collapsed, gts: { city: "Paris" }, score: 0, extras: { acc: 0.0, pred: "" } },
]);

describe("verl generations: the decoded tool-agent format", () => {
  it("is what the issue describes: special tokens gone, the tool turn glued to the call", () => {
    expect(healthy.output).toContain("</tool_call>user\n<tool_response>\n");
    expect(healthy.input.endsWith("\nuser\nCompare the weather in Paris, Rome and Oslo.\nassistant\n")).toBe(true);
    expect(healthy.output).not.toContain("<|im_");
  });

  it("recovers every turn of a healthy rollout, which classifies healthy", () => {
    const read = parseVerlGenerations(STEP_FILE, { step: 12, split: "train", isFinal: false });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const [ok] = read.value.rollouts;
    expect(ok!.messages.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
    ]);
    expect(ok!.messages[2]!.content).toBe(
      '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>',
    );
    expect(ok!.messages[5]!.content).toBe(
      '<tool_response>\n{"temperature": 25, "sky": "sunny"}\n</tool_response>\n' +
        '<tool_response>\n{"temperature": 9, "sky": "rain"}\n</tool_response>',
    );
    expect(classifyRolloutTurns(ok!.messages).map((t) => [t.state, t.failures])).toEqual([
      ["healthy_tool_call", []],
      ["healthy_tool_call", []],
      ["healthy_response", []],
    ]);
  });

  it("classifies the collapsed rollout's bare <tool_call> as full_collapse, after a healthy call", () => {
    const read = parseVerlGenerations(STEP_FILE, { step: 12, split: "train", isFinal: false });
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    const turns = classifyRolloutTurns(read.value.rollouts[1]!.messages);
    expect(turns.map((t) => [t.state, t.failures])).toEqual([
      ["healthy_tool_call", []],
      ["full_collapse", ["bare_tag"]],
    ]);
  });

  it("keeps step, split, line-number ids, the score as reward and the extras as meta", () => {
    const read = parseVerlGenerations(STEP_FILE, { step: 12, split: "val", isFinal: false });
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(
      read.value.rollouts.map(({ step, split, sampleId, reward, meta }) => ({ step, split, sampleId, reward, meta })),
    ).toEqual([
      { step: 12, split: "val", sampleId: "0", reward: 1, meta: { gts: { city: "Paris" }, acc: 1, pred: "21" } },
      { step: 12, split: "val", sampleId: "1", reward: 0, meta: { gts: { city: "Paris" }, acc: 0, pred: "" } },
    ]);
    expect(read.value).toMatchObject({ readChars: STEP_FILE.length, hasPartialLine: false });
  });
});

describe("parseVerlGenerations on files being written and bad files", () => {
  it("waits for a half-written last line unless the file is final", () => {
    const cut = STEP_FILE.slice(0, STEP_FILE.length - 40);
    const partial = parseVerlGenerations(cut, { step: 12, split: "train", isFinal: false });
    expect(partial).toMatchObject({
      ok: true,
      value: { readChars: STEP_FILE.indexOf("\n") + 1, hasPartialLine: true },
    });
    if (partial.ok) expect(partial.value.rollouts).toHaveLength(1);
    expect(parseVerlGenerations(cut, { step: 12, split: "train", isFinal: true })).toEqual({
      ok: false,
      issues: [{ path: "line 2", message: "not valid JSON" }],
    });
  });

  it("reads Python's NaN as a missing score, and names lines with a wrong step or missing fields", () => {
    const nan = dumpGenerations(3, [
      {
        input: "user\nhi\nassistant\n",
        output: "Hello NaN.",
        gts: null,
        score: Number.NaN,
        extras: { acc: Number.NaN },
      },
    ]);
    expect(nan).toContain('"score": NaN');
    const read = parseVerlGenerations(nan, { step: 3, split: "train", isFinal: true });
    expect(read.ok && read.value.rollouts[0]).toMatchObject({ reward: null, meta: { gts: null, acc: null } });
    expect(read.ok && read.value.rollouts[0]!.messages).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "Hello NaN." },
    ]);
    expect(
      parseVerlGenerations('{"input": "a", "output": 3, "step": 4}\n[1]\n', { step: 3, split: "train", isFinal: true }),
    ).toEqual({
      ok: false,
      issues: [
        { path: "line 1.output", message: "expected the decoded response as a string" },
        { path: "line 1.step", message: "expected 3, the step in the file name, got 4" },
        { path: "line 2", message: "expected a JSON object" },
      ],
    });
  });

  it("takes the step from <global_step>.jsonl names only", () => {
    expect(parseVerlGenerationsFileName("rollouts/120.jsonl")).toBe(120);
    expect(parseVerlGenerationsFileName("0.jsonl")).toBe(0);
    for (const name of ["step-1.jsonl", "12.json", "1.jsonl.tmp", "a12.jsonl"])
      expect(parseVerlGenerationsFileName(name)).toBeNull();
  });
});
