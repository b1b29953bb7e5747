import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectTranscriptFormat } from "./detect-format";

const ACEBENCH = path.resolve(
  process.cwd(),
  "../shared/data/acebench-dialogues/multi_turn/Qwen2.5-1.5B-GRPO/0_dialogue_history.txt",
);
const VERL_RECORD = {
  id: "multi_turn_base_1",
  traj_ids: "a_0",
  data_source: "fcl",
  prompt: "<|im_start|>user\nhi<|im_end|>\n",
  response: "hey",
  score: 1,
};

describe("detectTranscriptFormat", () => {
  it("recognises an ACEBench table, real and hand-written", () => {
    expect(detectTranscriptFormat(fs.readFileSync(ACEBENCH, "utf8"))).toBe("acebench_table");
    expect(detectTranscriptFormat("\n| message_index | sender | recipient | content |\n|---|---|---|---|")).toBe(
      "acebench_table",
    );
  });

  it("recognises verl dumps by record shape or file name", () => {
    expect(detectTranscriptFormat(JSON.stringify([VERL_RECORD], null, 4))).toBe("verl_dump");
    expect(detectTranscriptFormat("[]", "verl_step_records/run/fcl_eval-step-val-3.json")).toBe("verl_dump");
    expect(detectTranscriptFormat("[]")).toBe("unknown");
  });

  it("recognises message lists as JSON and JSON lines", () => {
    const messages = [
      { role: "user", content: "hi" },
      { role: "assistant", content: "hey" },
    ];
    expect(detectTranscriptFormat(JSON.stringify(messages))).toBe("messages_json");
    expect(detectTranscriptFormat(JSON.stringify([{ from: "human", value: "hi" }]))).toBe("messages_json");
    expect(detectTranscriptFormat(JSON.stringify({ messages }, null, 2))).toBe("messages_json");
    const jsonl = [{ messages }, { messages: messages.slice(0, 1) }].map((m) => JSON.stringify(m)).join("\n") + "\n";
    expect(detectTranscriptFormat(jsonl)).toBe("messages_jsonl");
    expect(detectTranscriptFormat(JSON.stringify({ messages }), "train.jsonl")).toBe("messages_jsonl");
    expect(detectTranscriptFormat(JSON.stringify({ messages }), "one.json")).toBe("messages_json");
  });

  it("recognises verl generations dumps and W&B tables", () => {
    const line = JSON.stringify({ input: "user\nhi\nassistant\n", output: "hey", gts: null, score: 1, step: 3 });
    expect(detectTranscriptFormat(`${line}\n${line}\n`)).toBe("verl_generations");
    expect(detectTranscriptFormat(`${line}\n`, "3.jsonl")).toBe("verl_generations");
    const pythonLine = '{"input": "user\\nhi\\nassistant\\n", "output": "hey", "gts": null, "score": NaN, "step": 3}';
    // NaN, then a half-written line
    expect(detectTranscriptFormat(`${pythonLine}\n{"input`, "3.jsonl")).toBe("verl_generations");
    const table = { columns: ["step", "prompt", "completion"], data: [] };
    expect(detectTranscriptFormat(JSON.stringify(table))).toBe("wandb_table");
  });

  it("calls other JSON unknown, and so a .json or .jsonl file that is not JSON", () => {
    expect(detectTranscriptFormat('{"step": 1, "key": "a"}\n{"step": 2, "key": "a"}\n')).toBe("unknown");
    expect(detectTranscriptFormat("user\nhi", "notes.json")).toBe("unknown");
    expect(detectTranscriptFormat("user\nhi", "notes.txt")).toBe("chatml_stripped");
    expect(detectTranscriptFormat('{"step": 1, "key": "actor/entropy", "value": 0.4}')).toBe("unknown");
    expect(detectTranscriptFormat("[1, 2, 3]")).toBe("unknown");
  });

  it("falls back to ChatML with or without special tokens", () => {
    expect(detectTranscriptFormat("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nhey")).toBe("chatml");
    expect(detectTranscriptFormat('<tool_call>\n{"name": "cd", "arguments": {}}\n</tool_call><|im_end|>')).toBe(
      "chatml",
    );
    expect(detectTranscriptFormat("user\nhi\nassistant\nhey")).toBe("chatml_stripped");
    expect(detectTranscriptFormat('{"name": "cd", "arguments": {}} and then some text')).toBe("chatml_stripped");
    expect(detectTranscriptFormat("  \n ")).toBe("unknown");
  });
});
