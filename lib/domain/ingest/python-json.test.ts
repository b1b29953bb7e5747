import { describe, expect, it } from "vitest";
import { parsePythonJson } from "./python-json";

describe("parsePythonJson", () => {
  it("reads Python's bare NaN and infinities as their names, leaving strings alone", () => {
    // json.dumps({"loss": float("nan"), "g": float("inf"), "h": -float("inf"), "s": "NaN Infinity"})
    const text = '{"loss": NaN, "g": Infinity, "h": -Infinity, "s": "NaN Infinity", "q": "say \\"NaN\\""}';
    expect(parsePythonJson(text)).toEqual({
      loss: "NaN",
      g: "Infinity",
      h: "-Infinity",
      s: "NaN Infinity",
      q: 'say "NaN"',
    });
  });

  it("still refuses what is not JSON", () => {
    expect(() => parsePythonJson("{oops NaN")).toThrow(SyntaxError);
    expect(() => parsePythonJson("NaNa")).toThrow(SyntaxError);
  });
});
