import { describe, expect, it } from "vitest";
import { matchBracket } from "./match-bracket";
import { checkToolCallPayload } from "./parse-tool-call";
import { scanToolCalls } from "./scan-tool-calls";

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe("matchBracket", () => {
  it.each([
    ["{}", 0, 2],
    ['{"a": [1, {"b": "}"}]} tail', 0, 22],
    ['{"a": "\\"}"}', 0, 12],
    ['x{"a": 1}', 1, 9],
    ["[[]]", 0, 4],
    ["{", 0, -1],
    ["{]", 0, -1],
    ['{"a": "never closed}', 0, -1],
    ["abc", 0, -1],
  ])("%j from %i ends at %i", (text, start, end) => {
    expect(matchBracket(text, start)).toBe(end);
  });

  it("stops at the limit", () => {
    expect(matchBracket("{  }", 0, 3)).toBe(-1);
    expect(matchBracket("{  }", 0, 4)).toBe(4);
  });
});

describe("scanToolCalls", () => {
  it("finds closed blocks and their payloads", () => {
    const text =
      ' <tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>\n<tool_call>{"name":"b","arguments":{}}</tool_call>';
    const { blocks, orphanCloses } = scanToolCalls(text);
    expect(orphanCloses).toEqual([]);
    expect(blocks.map((b) => slice(text, b.payload))).toEqual([
      '{"name": "a", "arguments": {}}',
      '{"name":"b","arguments":{}}',
    ]);
    expect(blocks.every((b) => b.close !== null && b.jsonLike && !b.reopened)).toBe(true);
    expect(slice(text, blocks[0]!.open)).toBe("<tool_call>");
    expect(slice(text, blocks[0]!.close!)).toBe("</tool_call>");
  });

  it("keeps a closing tag inside a JSON string as payload", () => {
    const text = '<tool_call>{"name": "a", "arguments": {"s": "</tool_call>"}}</tool_call>';
    const [block] = scanToolCalls(text).blocks;
    expect(slice(text, block!.payload)).toBe('{"name": "a", "arguments": {"s": "</tool_call>"}}');
    expect(block!.close!.end).toBe(text.length);
  });

  it("falls back to the closing tag when the JSON never balances", () => {
    const text = '<tool_call>\n{"name": "f", "arguments": {"origin=X"})\n</tool_call>';
    const [block] = scanToolCalls(text).blocks;
    expect(slice(text, block!.payload)).toBe('{"name": "f", "arguments": {"origin=X"})');
    expect(block!.close).not.toBeNull();
  });

  it("reports unclosed, re-opened and orphan tags", () => {
    const text = '</tool_call> <tool_call>\n<tool_call>{"name":"a","arguments":{}} tail';
    const { blocks, orphanCloses } = scanToolCalls(text);
    expect(orphanCloses).toEqual([{ start: 0, end: 12 }]);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ close: null, reopened: true });
    expect(slice(text, blocks[0]!.payload)).toBe("");
    expect(blocks[1]).toMatchObject({ close: null, reopened: false, jsonLike: true });
    expect(slice(text, blocks[1]!.payload)).toBe('{"name":"a","arguments":{}}');
  });

  it("skips every whitespace character a RegExp \\s matches around payloads, and no other", () => {
    const text = "<tool_call>\u3000\u00a0{}\u2028</tool_call><tool_call>\u200b{}</tool_call>";
    const { blocks } = scanToolCalls(text);
    expect(blocks.map((b) => slice(text, b.payload))).toEqual(["{}", "\u200b{}"]);
    expect(blocks.map((b) => b.jsonLike)).toEqual([true, false]);
  });

  it("reads a non-JSON payload up to the next tag", () => {
    const text = "<tool_call>fromJson\n<tool_call>!\nassistant";
    const { blocks } = scanToolCalls(text);
    expect(blocks.map((b) => slice(text, b.payload))).toEqual(["fromJson", "!\nassistant"]);
    expect(blocks.map((b) => b.jsonLike)).toEqual([false, false]);
  });
});

describe("checkToolCallPayload", () => {
  it.each([
    ['{"name": "f", "arguments": {"a": 1}}', [], { name: "f", arguments: { a: 1 } }],
    ["", ["bare_tag"], null],
    ["  ", ["bare_tag"], null],
    ["{", ["bad_json"], null],
    ["null", ["bad_json"], null],
    ['"f"', ["bad_json"], null],
    ['{"name": 3, "arguments": {}}', ["missing_name"], null],
    ['{"name": "f", "arguments": null}', ["missing_arguments"], null],
    ['{"name": "f", "arguments": [1]}', ["missing_arguments"], null],
    ["{}", ["missing_name", "missing_arguments"], null],
  ])("%j", (payload, failures, call) => {
    expect(checkToolCallPayload(payload)).toEqual({ failures, call });
  });
});
