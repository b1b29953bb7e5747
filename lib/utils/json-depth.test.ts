import { describe, expect, it } from "vitest";
import { exceedsJsonDepth } from "./json-depth";

describe("exceedsJsonDepth", () => {
  it("counts nested arrays and objects", () => {
    expect(exceedsJsonDepth('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(exceedsJsonDepth('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(exceedsJsonDepth("[".repeat(100_000) + "]".repeat(100_000), 64)).toBe(true);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(exceedsJsonDepth(JSON.stringify({ text: "[[[{{{" }), 1)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ text: 'say \\"[[[\\" \\\\' }), 1)).toBe(false);
  });

  it("treats siblings as the same depth", () => {
    expect(exceedsJsonDepth(JSON.stringify([[1], [2], [3], [4]]), 2)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify([[1], [2], { a: [4] }]), 3)).toBe(false);
  });
});
