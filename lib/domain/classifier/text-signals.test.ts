import { describe, expect, it } from "vitest";
import { findPythonCall, findUntaggedCall } from "./call-syntax";
import { findControlTokens, findForeignTags, findOutputHeaders, findRoleLeaks } from "./text-signals";
import type { Span } from "./types";

const texts = (text: string, spans: readonly Span[]) => spans.map((s) => text.slice(s.start, s.end));

describe("findRoleLeaks", () => {
  it.each([
    ["user\nhello", ["user"]],
    ["!\nuser\nhi", ["user"]],
    ["!_assistant[{}]", ["assistant"]],
    ["untlet\nuser\n[1]", ["user"]],
    ["user// Tool call", ["user"]],
    ["ok\nsystem:\nrules", ["system"]],
    ["assistant   \nhi", ["assistant"]],
    ["[System]", ["[System]"]],
    ["  [user]  ", ["[user]"]],
    ["User ID: 12345", []],
    ["user name please", []],
    ["username: Grace", []],
    ["The user\nasked", []],
    ["assistant user sent it", []],
  ])("%j", (text, expected) => {
    expect(texts(text, findRoleLeaks(text))).toEqual(expected);
  });
});

describe("tags, tokens and output headers", () => {
  it("finds special tokens", () => {
    const text = "a<|im_end|>\n<|im_start|>user<|endoftext|><|bad token|>";
    expect(texts(text, findControlTokens(text))).toEqual(["<|im_end|>", "<|im_start|>", "<|endoftext|>"]);
  });

  it("sorts foreign tags into invented output, invented tags and harmless HTML", () => {
    const text = "<tool_response>x</tool_response><b>y</b><tool_helper><Think><br>";
    expect(findForeignTags(text).map((f) => [f.kind, text.slice(f.span.start, f.span.end)])).toEqual([
      ["invented_tool_output", "<tool_response>"],
      ["invented_tool_output", "</tool_response>"],
      ["invented_tag", "<tool_helper>"],
      ["invented_tag", "<Think>"],
    ]);
  });

  it("finds tool-result headers at line starts only", () => {
    const text = "Execution result: ok\n- Tool output : 3\nThe execution result: was fine";
    expect(texts(text, findOutputHeaders(text))).toEqual(["Execution result:", "Tool output :"]);
  });
});

describe("call syntax outside tags", () => {
  it.each([
    ['{"name": "f", "arguments": {}}', '{"name": "f", "arguments": {}}'],
    ['x [{"name": "f", "arguments": {"a": [1]}}] y', '{"name": "f", "arguments": {"a": [1]}}'],
    ['{"name": "f", "arguments": {"a": "cut', '{"name": "f", "arguments": {"a": "cut'],
    ['{"name": "delete_message", "description": "Delete.", "parameters": {}}', undefined],
    ['{"name": "Grace"}', undefined],
    ['{"status": false, "message": "Inbox full"}', undefined],
  ])("untagged %j", (text, expected) => {
    const span = findUntaggedCall(text);
    expect(span && text.slice(span.start, span.end)).toBe(expected);
  });

  it.each([
    ["[f(a=1)]", "[f(a=1)]"],
    ["x\n[ mod.f(a='b')]\ny", "[ mod.f(a='b')]"],
    ["  login(username='Grace')", "login(username='Grace')"],
    ["get_latest_message_id()", "get_latest_message_id()"],
    ["You need login_device() first.", undefined],
    ["Call login_device() now", undefined],
    ["[ ] 1. Buy milk", undefined],
    ["[the docs](https://x.y)", undefined],
    ["Note (see above)", undefined],
  ])("python %j", (text, expected) => {
    const span = findPythonCall(text);
    expect(span && text.slice(span.start, span.end)).toBe(expected);
  });
});
