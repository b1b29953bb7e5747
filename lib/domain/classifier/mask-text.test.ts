import { describe, expect, it } from "vitest";
import { findPhrases, maskSpans } from "./mask-text";

describe("maskSpans", () => {
  it("blanks spans to spaces but keeps newlines and offsets", () => {
    expect(maskSpans("ab\ncd", [{ start: 1, end: 4 }])).toBe("a \n d");
    expect(maskSpans("x\n\ny", [{ start: 0, end: 4 }])).toBe(" \n\n ");
    expect(
      maskSpans("ab\ncd\nef", [
        { start: 1, end: 5 },
        { start: 4, end: 6 },
      ]),
    ).toBe("a \n  \nef");
  });

  it("takes spans in any order, overlapping or past the end", () => {
    expect(
      maskSpans("abcdef", [
        { start: 2, end: 4 },
        { start: 1, end: 3 },
      ]),
    ).toBe("a   ef");
    expect(
      maskSpans("abc", [
        { start: 2, end: 10 },
        { start: 5, end: 6 },
      ]),
    ).toBe("ab ");
    expect(maskSpans("abc", [])).toBe("abc");
  });

  it("blanks spans longer than its cached run of spaces", () => {
    const text = "a".repeat(300);
    expect(maskSpans(text, [{ start: 0, end: 299 }])).toBe(`${" ".repeat(299)}a`);
  });
});

describe("findPhrases", () => {
  it("finds every non-overlapping occurrence, ignoring ASCII case", () => {
    expect(findPhrases("Finish Conversation. FINISH conversation", ["finish conversation"])).toEqual([
      { start: 0, end: 19 },
      { start: 21, end: 40 },
    ]);
    expect(findPhrases("aaaa", ["aa"])).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
  });

  it("keeps offsets after characters whose lower case is longer, and folds no other letters", () => {
    expect(findPhrases("İ finish conversation", ["FINISH CONVERSATION"])).toEqual([{ start: 2, end: 21 }]);
    const text = "İ Finish conversation; finish CONVERSATION";
    expect(findPhrases(text, ["finish conversation"]).map((s) => text.slice(s.start, s.end))).toEqual([
      "Finish conversation",
      "finish CONVERSATION",
    ]);
    expect(findPhrases("É é", ["é"])).toEqual([{ start: 2, end: 3 }]);
  });

  it("matches phrases literally and skips empty ones", () => {
    expect(findPhrases("axb a.b (c)", ["a.b", "(c)", ""])).toEqual([
      { start: 4, end: 7 },
      { start: 8, end: 11 },
    ]);
  });
});
