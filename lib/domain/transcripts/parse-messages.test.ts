import { describe, expect, it } from "vitest";
import { MAX_MESSAGES, normalizeRole, parseMessageList } from "./parse-messages";

describe("parseMessageList", () => {
  it("reads a plain list in order", () => {
    const value = [
      { role: "system", content: "You are helpful." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
    ];
    expect(parseMessageList(value)).toEqual({ ok: true, value });
  });

  it("maps role aliases case-insensitively", () => {
    const roles = [
      "Agent",
      "gpt",
      "MODEL",
      "human",
      "execution",
      "function",
      "ipython",
      "observation",
      " Tool ",
      "developer",
    ];
    const result = parseMessageList(roles.map((role) => ({ role, content: "x" })));
    expect(result.ok && result.value.map((m) => m.role)).toEqual([
      "assistant",
      "assistant",
      "assistant",
      "user",
      "tool",
      "tool",
      "tool",
      "tool",
      "tool",
      "system",
    ]);
    expect(normalizeRole(3)).toBeNull();
  });

  it("reads null content as empty and joins text parts, skipping images", () => {
    const result = parseMessageList([
      { role: "assistant", content: null },
      {
        role: "user",
        content: [
          { type: "text", text: "Look at " },
          { type: "image_url", image_url: { url: "x" } },
          { type: "text", text: "this." },
        ],
      },
      { role: "user", content: ["plain ", "strings"] },
    ]);
    expect(result).toEqual({
      ok: true,
      value: [
        { role: "assistant", content: "" },
        { role: "user", content: "Look at this." },
        { role: "user", content: "plain strings" },
      ],
    });
  });

  it("renders OpenAI tool calls in Qwen form", () => {
    const result = parseMessageList([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "a", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris","days":[1,2]}' } },
          { id: "b", type: "function", function: { name: "get_time", arguments: { tz: "CET" } } },
        ],
      },
      { role: "assistant", content: "", tool_calls: [{ function: { name: "broken", arguments: '{"city": "Par' } }] },
      { role: "assistant", content: "Let me check.", tool_calls: [{ function: { name: "ping", arguments: "{}" } }] },
      { role: "assistant", content: null, function_call: { name: "legacy", arguments: '{"a": 1}' } },
    ]);
    expect(result.ok && result.value.map((m) => m.content)).toEqual([
      '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "days": [1, 2]}}\n</tool_call>\n' +
        '<tool_call>\n{"name": "get_time", "arguments": {"tz": "CET"}}\n</tool_call>',
      '<tool_call>\n{"name": "broken", "arguments": "{\\"city\\": \\"Par"}\n</tool_call>',
      'Let me check.\n<tool_call>\n{"name": "ping", "arguments": {}}\n</tool_call>',
      '<tool_call>\n{"name": "legacy", "arguments": {"a": 1}}\n</tool_call>',
    ]);
  });

  it("reads ShareGPT entries and a {messages} wrapper", () => {
    expect(
      parseMessageList([
        { from: "human", value: "Hi" },
        { from: "gpt", value: "Hey" },
      ]),
    ).toEqual({
      ok: true,
      value: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hey" },
      ],
    });
    expect(parseMessageList({ messages: [{ role: "user", content: "Hi" }] })).toEqual({
      ok: true,
      value: [{ role: "user", content: "Hi" }],
    });
  });

  it("reports bad entries with their paths", () => {
    const result = parseMessageList([
      { role: "user", content: "fine" },
      "not an object",
      { role: "wizard", content: "x" },
      { content: "no role" },
      { role: "user", content: 42 },
      { role: "user", content: [{ type: "text", text: 1 }] },
      { role: "assistant", content: null, tool_calls: [{ function: { arguments: "{}" } }] },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual([
      "[1]",
      "[2].role",
      "[3].role",
      "[4].content",
      "[5].content[0]",
      "[6].tool_calls[0]",
    ]);
    expect(result.issues[1]!.message).toContain('unknown role "wizard"; allowed: system, user, assistant, tool');
    expect(result.issues[2]!.message).toContain("unknown role undefined");
  });

  it("rejects Object.prototype names as roles instead of reading them from the alias table", () => {
    const result = parseMessageList(["__proto__", "constructor", "toString"].map((role) => ({ role, content: "x" })));
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: "[0].role" }, { path: "[1].role" }, { path: "[2].role" }],
    });
  });

  it("rejects non-lists and lists over the cap", () => {
    expect(parseMessageList("hello")).toMatchObject({ ok: false, issues: [{ path: "" }] });
    expect(parseMessageList(null)).toMatchObject({ ok: false, issues: [{ path: "" }] });
    const many = Array.from({ length: MAX_MESSAGES + 1 }, () => ({ role: "user", content: "x" }));
    expect(parseMessageList(many)).toMatchObject({
      ok: false,
      issues: [{ path: "", message: expect.stringContaining("10000") }],
    });
    expect(parseMessageList(many.slice(1)).ok).toBe(true);
  });

  // README "Limits": 1,000,000 characters per message, for message lists as for `text`.
  it("refuses a message over 1,000,000 characters, naming it, whatever shape makes it long", () => {
    const limit = 1_000_000;
    expect(parseMessageList([{ role: "user", content: "a".repeat(limit) }]).ok).toBe(true);
    const long = [
      { role: "user", content: "x" },
      { role: "assistant", content: "a".repeat(limit + 1) },
    ];
    expect(parseMessageList(long)).toMatchObject({
      ok: false,
      issues: [{ path: "[1].content", message: expect.stringMatching(/1000001 characters.*at most 1000000/) }],
    });
    const parts = [
      { type: "text", text: "a".repeat(limit / 2) },
      { type: "text", text: "a".repeat(limit / 2 + 1) },
    ];
    const refusedAt = (messages: unknown[]) => {
      const result = parseMessageList(messages);
      return result.ok ? null : result.issues.map((issue) => issue.path);
    };
    expect(refusedAt([{ role: "user", content: parts }])).toEqual(["[0].content"]);
    expect(refusedAt([{ from: "human", value: "a".repeat(5_000_000) }])).toEqual(["[0].value"]);
    const args = JSON.stringify({ text: "a".repeat(limit) });
    const call = { type: "function", function: { name: "send", arguments: args } };
    expect(refusedAt([{ role: "assistant", content: null, tool_calls: [call] }])).toEqual(["[0].tool_calls"]);
  });
});
