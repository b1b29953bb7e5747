import { describe, expect, it } from "vitest";
import { runTrlToolLoop, wandbCompletionsTable, type CompletionRow } from "@/test/fixtures/trl/trl-completions";
import { COLLAPSED_TURNS, HEALTHY_TURNS, loadQwenChat, WEATHER_TOOL } from "@/test/fixtures/verl/verl-tool-agent";
import { classifyRolloutTurns } from "../ingest/prepare-rollout";
import { parseTrlCompletions, parseTrlCompletionsFileName, readWandbTable } from "./parse-trl-completions";
import { parsePythonJson } from "./python-json";

// Rows as TRL's GRPOTrainer logs them (GRPOTrainer._generate_and_score_completions decodes, GRPOTrainer.log
// tabulates; tool results appended by GRPOTrainer._tool_call_loop), from the real Qwen tokenizer and template.
const chat = loadQwenChat();
const healthy = runTrlToolLoop(chat, HEALTHY_TURNS, [WEATHER_TOOL]);
const collapsed = runTrlToolLoop(chat, COLLAPSED_TURNS, [WEATHER_TOOL]);
const ROWS: CompletionRow[] = [
  { step: 40, ...healthy, rewards: { accuracy_reward: 1, format_reward: 0.5 }, advantage: 0.7 },
  { step: 40, ...collapsed, rewards: { accuracy_reward: 0, format_reward: Number.NaN }, advantage: -0.7 },
];

function tableOf(json: string) {
  const parsed = readWandbTable(parsePythonJson(json)!.value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

describe("TRL completions tables", () => {
  it("decode a tool loop with the tool turn on its own line after the model's stop token", () => {
    expect(healthy.completion).toContain("</tool_call>\nuser\n<tool_response>\n");
  });

  it("give rollouts whose turns classify: healthy calls and answer, then a bare-tag collapse", () => {
    const parsed = parseTrlCompletions(tableOf(wandbCompletionsTable(ROWS)));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const [ok, bad] = parsed.value;
    expect(classifyRolloutTurns(ok!.messages).map((t) => t.state)).toEqual([
      "healthy_tool_call",
      "healthy_tool_call",
      "healthy_response",
    ]);
    expect(classifyRolloutTurns(bad!.messages).map((t) => [t.state, t.failures])).toEqual([
      ["healthy_tool_call", []],
      ["full_collapse", ["bare_tag"]],
    ]);
  });

  it("sum the finite rewards as TRL's logged reward does, and keep each reward and the advantage", () => {
    const parsed = parseTrlCompletions(tableOf(wandbCompletionsTable(ROWS, { stepAsText: true })));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.value.map(({ step, sampleId, reward, meta }) => ({ step, sampleId, reward, meta }))).toEqual([
      {
        step: 40,
        sampleId: "0",
        reward: 1.5,
        meta: { rewards: { accuracy_reward: 1, format_reward: 0.5 }, advantage: 0.7 },
      },
      {
        step: 40,
        sampleId: "1",
        reward: 0,
        meta: { rewards: { accuracy_reward: 0, format_reward: null }, advantage: -0.7 },
      },
    ]);
  });

  it("take reward columns by name when told, and keep text columns as extras", () => {
    const table = {
      columns: ["prompt", "completion", "score", "solution"],
      rows: [["user\nhi\nassistant\n", "Hello.", 2, "x"]],
    };
    const parsed = parseTrlCompletions(table, { fileStep: 7, rewardColumns: ["score"] });
    expect(parsed.ok && parsed.value[0]).toMatchObject({
      step: 7,
      reward: 2,
      meta: { rewards: { score: 2 }, extra: { solution: "x" } },
    });
  });

  it("name what is missing or wrong", () => {
    expect(parseTrlCompletions({ columns: ["prompt"], rows: [] })).toEqual({
      ok: false,
      issues: [{ path: "columns", message: "missing completion; found prompt" }],
    });
    expect(parseTrlCompletions({ columns: ["prompt", "completion"], rows: [] })).toMatchObject({
      ok: false,
      issues: [{ message: "no step column, and the file name gives no step" }],
    });
    expect(parseTrlCompletions({ columns: ["step", "prompt", "completion"], rows: [[-1, "a", null]] })).toEqual({
      ok: false,
      issues: [
        { path: "row 0.step", message: "expected a non-negative integer step, got -1" },
        { path: "row 0.completion", message: "expected text, got null" },
      ],
    });
    expect(readWandbTable({ columns: ["a"], data: [[1, 2]] })).toEqual({
      ok: false,
      issues: [{ path: "data[0]", message: "expected a row of 1 cells" }],
    });
    expect(readWandbTable({ _type: "histogram", columns: [], data: [] })).toMatchObject({ ok: false });
  });

  it("read the step from completions_{step:05d}.parquet", () => {
    expect(parseTrlCompletionsFileName("out/completions/completions_00040.parquet")).toBe(40);
    expect(parseTrlCompletionsFileName("completions.parquet")).toBeNull();
  });
});
