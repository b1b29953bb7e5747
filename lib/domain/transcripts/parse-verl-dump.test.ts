import { describe, expect, it } from "vitest";
import { parseVerlDump, parseVerlDumpFileName } from "./parse-verl-dump";

const SYSTEM =
  "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n# Tools\n\n<tools>\n" +
  '{"type": "function", "function": {"name": "cd", "parameters": {"type": "object", "properties": {"folder": {"type": "string"}}}}}\n</tools>';
const PROMPT = `<|im_start|>system\n${SYSTEM}<|im_end|>\n<|im_start|>user\nGo to the documents folder.<|im_end|>\n<|im_start|>assistant\n`;
const CALL = '<tool_call>\n{"name": "cd", "arguments": {"folder": "documents"}}\n</tool_call>';
const OBS = '<tool_response>\n{"current_working_directory": "documents"}\n</tool_response>';
const RESPONSE = `${CALL}<|im_end|>\n<|im_start|>user\n${OBS}<|im_end|>\n<|im_start|>assistant\nDone.<|im_end|>`;

// Shaped like the records fcl_eval.py writes (verl_tool/workers/reward_manager), tool_interact_info
// steps like AgentActorManager.interact_with_tool_server builds them.
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "multi_turn_base_174",
    traj_ids: "3f9c2a_0",
    data_source: "fcl_multi_turn",
    prompt: PROMPT,
    response: RESPONSE,
    ground_truth: [["cd(folder='documents')"]],
    score: 1,
    tool_interact_info: [
      {
        obs: OBS,
        reward: null,
        active: true,
        trajectory_id: "3f9c2a_0",
        action: CALL,
        is_last_step: false,
        done: 0,
        valid_action: 1,
        finish: false,
        invalid_reason: null,
      },
      {
        obs: "",
        reward: null,
        active: true,
        action: "Done.",
        done: 1,
        valid_action: 0,
        finish: true,
        invalid_reason: null,
      },
      { obs: "", reward: null, active: false, done: 1, valid_action: 0, finish: 1, invalid_reason: null },
    ],
    extra_info: { id: "multi_turn_base_174", split: "train" },
    error_turn: -1,
    final_actions_is_gt: false,
    sft_replace: 0,
    hint_assistant: 0,
    num_turn: 2,
    num_valid_action: 1,
    is_done: true,
    ...overrides,
  };
}

describe("parseVerlDumpFileName", () => {
  it("reads train and validation steps", () => {
    expect(parseVerlDumpFileName("fcl_eval-step-12.json")).toEqual({ step: 12, split: "train" });
    expect(parseVerlDumpFileName("verl_step_records/run-a/fcl_eval-step-val-3.json")).toEqual({
      step: 3,
      split: "val",
    });
    expect(parseVerlDumpFileName("C:\\runs\\torl-step-0.json")).toEqual({ step: 0, split: "train" });
    expect(parseVerlDumpFileName("step-7.json")).toEqual({ step: 7, split: "train" });
  });

  it("rejects other names", () => {
    for (const name of [
      "fcl_eval-step-12.jsonl",
      "fcl_eval-step-x.json",
      "mystep-3.json",
      "fcl_eval-step-val.json",
      "metrics.json",
      "",
    ]) {
      expect(parseVerlDumpFileName(name), name).toBeNull();
    }
  });
});

describe("parseVerlDump", () => {
  it("builds messages from prompt + response and keeps compact metadata", () => {
    const result = parseVerlDump([record()], "fcl_eval-step-5.json");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [rollout] = result.value;
    expect(rollout).toMatchObject({ step: 5, split: "train", sampleId: "multi_turn_base_174", reward: 1 });
    expect(rollout!.messages).toEqual([
      { role: "system", content: SYSTEM },
      { role: "user", content: "Go to the documents folder." },
      { role: "assistant", content: CALL },
      { role: "tool", content: OBS },
      { role: "assistant", content: "Done." },
    ]);
    expect(rollout!.meta).toEqual({
      data_source: "fcl_multi_turn",
      traj_ids: "3f9c2a_0",
      error_turn: -1,
      num_turn: 2,
      num_valid_action: 1,
      is_done: true,
      ground_truth: [["cd(folder='documents')"]],
      final_actions_is_gt: false,
      sft_replace: 0,
      hint_assistant: 0,
      tool_interact_info: [
        { active: true, valid_action: 1, finish: false, invalid_reason: null },
        { active: true, valid_action: 0, finish: true, invalid_reason: null },
        { active: false, valid_action: 0, finish: 1, invalid_reason: null },
      ],
    });
  });

  it("marks OPS gold trajectories (sft_replace) as off-policy, and only those", () => {
    const result = parseVerlDump(
      [record({ sft_replace: 1 }), record({ sft_replace: 0 }), record({ sft_replace: true }), record({})],
      "x-step-1.json",
    );
    expect(result.ok && result.value.map((r) => r.isOffPolicy)).toEqual([true, false, true, false]);
  });

  it("numbers repeated ids deterministically, GRPO-style, and falls back for missing ids", () => {
    const records = [
      record({ traj_ids: "a_0" }),
      record({ traj_ids: "a_1" }),
      record({ id: 7 }),
      record({ traj_ids: "a_2" }),
      record({ id: "multi_turn_base_174#3" }),
      record({ traj_ids: "a_3" }),
      record({ id: null }),
      record({ id: 7 }),
    ];
    function ids(fileName: string): string[] {
      const result = parseVerlDump(records, fileName);
      return result.ok ? result.value.map((r) => r.sampleId) : [];
    }
    const expected = [
      "multi_turn_base_174",
      "multi_turn_base_174#1",
      "7",
      "multi_turn_base_174#2",
      "multi_turn_base_174#3",
      "multi_turn_base_174#4",
      "record-6",
      "7#1",
    ];
    expect(ids("x-step-val-2.json")).toEqual(expected);
    expect(ids("x-step-val-2.json")).toEqual(expected); // re-import gives the same ids
    expect(new Set(expected).size).toBe(expected.length);
  });

  it("reads rewards and a collapsed turn", () => {
    const result = parseVerlDump(
      [
        record({ score: 0, response: "<tool_call><|im_end|>" }),
        record({ score: true }),
        record({ score: "1" }),
        record({ score: -0.25 }),
      ],
      "fcl_eval-step-val-1.json",
    );
    expect(result.ok && result.value.map((r) => r.reward)).toEqual([0, 1, null, -0.25]);
    expect(result.ok && result.value[0]!.split).toBe("val");
    expect(result.ok && result.value[0]!.messages.at(-1)).toEqual({ role: "assistant", content: "<tool_call>" });
  });

  it("reports bad records, a non-array top level and a bad file name", () => {
    const bad = parseVerlDump(
      [record(), "oops", record({ response: null }), record({ prompt: 3, response: undefined })],
      "fcl_eval-step-1.json",
    );
    expect(bad).toEqual({
      ok: false,
      issues: [
        { path: "[1]", message: expect.any(String) },
        { path: "[2].response", message: expect.any(String) },
        { path: "[3].prompt", message: expect.any(String) },
        { path: "[3].response", message: expect.any(String) },
      ],
    });
    expect(parseVerlDump({ records: [] }, "fcl_eval-step-1.json")).toMatchObject({ ok: false, issues: [{ path: "" }] });
    expect(parseVerlDump([record()], "rollouts.json")).toMatchObject({ ok: false, issues: [{ path: "fileName" }] });
    expect(parseVerlDump([], "fcl_eval-step-1.json")).toEqual({ ok: true, value: [] });
  });
});
