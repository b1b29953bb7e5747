import { describe, expect, it } from "vitest";
import { prettyJson, segmentTurn } from "./segment-turn";

const CALL = '<tool_call>{"name":"send","arguments":{"to":"Frank"}}</tool_call>';

describe("segmentTurn", () => {
  it("returns nothing for empty content, even with a span", () => {
    expect(segmentTurn("")).toEqual([]);
    expect(segmentTurn("", { start: 0, end: 0 })).toEqual([]);
  });

  it("keeps markup as a plain text segment, unchanged", () => {
    const text = "<script>alert(1)</script>";
    expect(segmentTurn(text)).toEqual([{ kind: "text", text, isFailing: false }]);
  });

  it("pretty-prints a JSON tool-call payload with a 2-space indent", () => {
    expect(segmentTurn(`Sure.\n${CALL}`)).toEqual([
      { kind: "text", text: "Sure.\n", isFailing: false },
      { kind: "tool_call", payload: '{\n  "name": "send",\n  "arguments": {\n    "to": "Frank"\n  }\n}', isJson: true },
    ]);
  });

  it("keeps a payload that is not JSON verbatim (trimmed)", () => {
    expect(segmentTurn("<tool_call>\n send(to=1) \n</tool_call>")).toEqual([
      { kind: "tool_call", payload: "send(to=1)", isJson: false },
    ]);
  });

  it("highlights the failing span inside plain text", () => {
    expect(segmentTurn("abc user def", { start: 4, end: 8 })).toEqual([
      { kind: "text", text: "abc ", isFailing: false },
      { kind: "text", text: "user", isFailing: true },
      { kind: "text", text: " def", isFailing: false },
    ]);
  });

  it("shows a tool-call block the span touches as raw text, so the highlight is exact", () => {
    const content = `${CALL} junk`;
    const segments = segmentTurn(content, { start: 5, end: 15 });
    expect(segments.map((s) => s.kind)).toEqual(["text", "text", "text"]);
    expect(segments.filter((s) => s.kind === "text" && s.isFailing)).toEqual([
      { kind: "text", text: content.slice(5, 15), isFailing: true },
    ]);
    expect(segments.map((s) => (s.kind === "text" ? s.text : "")).join("")).toBe(content);
  });

  it("keeps blocks the span does not touch pretty and highlights the junk tail", () => {
    const content = `${CALL} thanks!`;
    const segments = segmentTurn(content, { start: CALL.length + 1, end: content.length });
    expect(segments[0]).toMatchObject({ kind: "tool_call", isJson: true });
    expect(segments.at(-1)).toEqual({ kind: "text", text: "thanks!", isFailing: true });
  });

  it("clamps out-of-range spans and ignores empty or reversed ones", () => {
    expect(segmentTurn("<tool_call>\n", { start: 0, end: 99 })).toEqual([
      { kind: "text", text: "<tool_call>\n", isFailing: true },
    ]);
    expect(segmentTurn("abc", { start: -5, end: 1 })[0]).toEqual({ kind: "text", text: "a", isFailing: true });
    expect(segmentTurn("abc", { start: 2, end: 1 })).toEqual([{ kind: "text", text: "abc", isFailing: false }]);
    expect(segmentTurn("abc", { start: 50, end: 60 })).toEqual([{ kind: "text", text: "abc", isFailing: false }]);
    expect(segmentTurn("abc", { start: Number.NaN, end: 2 })).toEqual([
      { kind: "text", text: "abc", isFailing: false },
    ]);
  });

  it("leaves an unclosed tag as text", () => {
    expect(segmentTurn('<tool_call>{"name": "x"')).toEqual([
      { kind: "text", text: '<tool_call>{"name": "x"', isFailing: false },
    ]);
  });
});

describe("prettyJson", () => {
  it("formats objects and arrays and rejects everything else", () => {
    expect(prettyJson(' {"a":1} ')).toBe('{\n  "a": 1\n}');
    expect(prettyJson("[1]")).toBe("[\n  1\n]");
    expect(prettyJson("42")).toBeNull();
    expect(prettyJson("{bad")).toBeNull();
  });
});
