import { describe, expect, it } from "vitest";
import type { Message } from "../transcripts/message";
import { classifyTranscript, extractKnownTools } from "./classify-transcript";

const call = (name: string) => `<tool_call>\n{"name": "${name}", "arguments": {}}\n</tool_call>`;
const SYSTEM: Message = {
  role: "system",
  content: [
    "You are a helpful assistant.",
    "<tools>",
    '{"type": "function", "function": {"name": "login_device", "description": "Log in.", "parameters": {}}}',
    '{"name": "turn_on_wifi", "parameters": {}}',
    "not json",
    '[{"name": "send_message"}, {"type": "function", "function": {"name": "login_device"}}]',
    "</tools>",
  ].join("\n"),
};

describe("extractKnownTools", () => {
  it("reads both function shapes, one per line or as an array, without duplicates", () => {
    expect(extractKnownTools([SYSTEM])).toEqual(["login_device", "turn_on_wifi", "send_message"]);
  });

  it("is undefined when no system message names a tool, so calls are not all flagged unknown", () => {
    expect(
      extractKnownTools([
        { role: "system", content: "No tools here." },
        { role: "user", content: '<tools>\n{"name": "x"}\n</tools>' },
      ]),
    ).toBeUndefined();
    expect(extractKnownTools([])).toBeUndefined();
    expect(extractKnownTools([{ role: "system", content: "<tools>\n</tools>" }])).toBeUndefined();
  });

  it("reads the real block of Qwen's template, which mentions an empty <tools></tools> pair first", () => {
    const qwen = [
      "# Tools",
      "",
      "You may call one or more functions to assist with the user query.",
      "",
      "You are provided with function signatures within <tools></tools> XML tags:",
      "<tools>",
      '{"type": "function", "function": {"name": "send_message", "parameters": {}}}',
      "</tools>",
    ].join("\n");
    expect(extractKnownTools([{ role: "system", content: qwen }])).toEqual(["send_message"]);
  });
});

describe("classifyTranscript", () => {
  const messages: Message[] = [
    SYSTEM,
    { role: "user", content: "Please turn on the wifi and log in." },
    { role: "assistant", content: call("turn_on_wifi") },
    { role: "tool", content: "status: True" },
    { role: "user", content: "<tool_response>\nPlease turn on the wifi and log in.\n</tool_response>" },
    { role: "assistant", content: "Please turn on the wifi and log in." },
    { role: "user", content: "Thanks, what now?" },
    { role: "assistant", content: call("reboot") },
    { role: "assistant", content: "<tool_call>" },
  ];

  it("classifies every assistant message with its turn and message index", () => {
    const turns = classifyTranscript(messages, { knownTools: extractKnownTools(messages) });
    expect(turns.map((t) => [t.turn, t.messageIndex, t.state, t.failures])).toEqual([
      [0, 2, "healthy_tool_call", []],
      // The <tool_response> user turn is a tool result, so the echo is measured against message 1.
      [1, 5, "text_pollution", ["echo_of_user"]],
      [2, 7, "text_pollution", ["unknown_tool"]],
      [3, 8, "full_collapse", ["bare_tag"]],
    ]);
  });

  it("accepts any tool name when the list is unknown", () => {
    expect(classifyTranscript(messages)[2]?.state).toBe("healthy_tool_call");
  });

  it("marks only a final assistant message as truncated", () => {
    const truncated = classifyTranscript(messages, { isLastTurnTruncated: true });
    expect(truncated.map((t) => t.failures.includes("truncated"))).toEqual([false, false, false, true]);
    const endsWithTool = classifyTranscript([...messages, { role: "tool", content: "ok" }], {
      isLastTurnTruncated: true,
    });
    expect(endsWithTool.some((t) => t.failures.includes("truncated"))).toBe(false);
  });

  it("passes classifier options through", () => {
    const turns = classifyTranscript(messages, { classifier: { echoThreshold: 1.01 } });
    expect(turns[1]?.state).toBe("healthy_response");
  });

  it("returns nothing for a transcript without assistant turns", () => {
    expect(classifyTranscript([{ role: "user", content: "hi" }])).toEqual([]);
  });
});
