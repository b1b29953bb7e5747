import { describe, expect, it } from "vitest";
import { isStorableText } from "./storable-text";

describe("isStorableText", () => {
  it("accepts ordinary, right-to-left and astral text", () => {
    for (const text of ["", "run-1", "مرحبا\u202Eabc", "😀 emoji", "\uD83D\uDE00"])
      expect(isStorableText(text)).toBe(true);
  });

  it("refuses NUL and unpaired surrogates anywhere in the string", () => {
    for (const text of ["a\u0000b", "\u0000", "x\uD800", "\uDC00y", "\uDE00\uD83D", "ok\uD83D"])
      expect(isStorableText(text)).toBe(false);
  });
});
