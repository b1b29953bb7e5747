import { describe, expect, it } from "vitest";
import { runTrlToolLoop, wandbCompletionsTable } from "@/test/fixtures/trl/trl-completions";
import {
  COLLAPSED_TURNS,
  dumpGenerations,
  HEALTHY_TURNS,
  loadQwenChat,
  runToolAgentLoop,
  WEATHER_TOOL,
} from "@/test/fixtures/verl/verl-tool-agent";
import { classifyDocument } from "./classify-document";

const chat = loadQwenChat();

function states(text: string, fileName: string) {
  const result = classifyDocument(text, fileName);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value.map((d) => [d.dialogue, d.format, d.turns.map((t) => t.state)]);
}

// Built as verl's RayPPOTrainer._dump_generations and TRL's GRPOTrainer.log write them (see the fixtures).
describe("classifyDocument on trainer dumps", () => {
  it("reads a verl <step>.jsonl dump as one dialogue per line", () => {
    const file = dumpGenerations(5, [
      { ...runToolAgentLoop(chat, HEALTHY_TURNS, [WEATHER_TOOL]), gts: null, score: 1 },
      { ...runToolAgentLoop(chat, COLLAPSED_TURNS, [WEATHER_TOOL]), gts: null, score: 0 },
    ]);
    expect(states(file, "5.jsonl")).toEqual([
      ["0", "verl_generations", ["healthy_tool_call", "healthy_tool_call", "healthy_response"]],
      ["1", "verl_generations", ["healthy_tool_call", "full_collapse"]],
    ]);
  });

  it("reads a W&B completions table as one dialogue per row", () => {
    const row = { step: 9, ...runTrlToolLoop(chat, COLLAPSED_TURNS, [WEATHER_TOOL]), rewards: { r: 0 }, advantage: 0 };
    expect(states(wandbCompletionsTable([row]), "completions_9_abc.table.json")).toEqual([
      ["9/0", "trl_completions", ["healthy_tool_call", "full_collapse"]],
    ]);
  });

  it("refuses unknown JSON and broken JSON files with the reason", () => {
    expect(classifyDocument('{"a": 1}\n{"a": 2}\n', "metrics.jsonl")).toMatchObject({
      ok: false,
      issues: [{ path: "metrics.jsonl", message: expect.stringMatching(/^unrecognised format/) }],
    });
    expect(classifyDocument('{"input": "a", "output": "b"}\n{"input": "a", "outp', "7.jsonl")).toEqual({
      ok: false,
      issues: [{ path: "line 2", message: "not valid JSON" }],
    });
  });
});
