import { describe, expect, it } from "vitest";
import { hasReadSession, readSessionValue, safeReturnPath } from "./read-session";

const TOKEN = "read-token-0123456789abcdef";

describe("read session cookie", () => {
  it("accepts only the HMAC of the current read token, among other cookies", () => {
    const value = readSessionValue(TOKEN);
    expect(value).not.toContain(TOKEN);
    expect(hasReadSession(`a=1; spikewatch_read=${value}; b=2`, TOKEN)).toBe(true);
    expect(hasReadSession(`spikewatch_read=${value}`, `${TOKEN}-rotated`)).toBe(false);
    expect(hasReadSession(`spikewatch_read=${TOKEN}`, TOKEN)).toBe(false);
    expect(hasReadSession("spikewatch_read=", TOKEN)).toBe(false);
    expect(hasReadSession(null, TOKEN)).toBe(false);
  });

  it("returns only to paths on this site", () => {
    expect(safeReturnPath("/runs/a?step=1")).toBe("/runs/a?step=1");
    const compare = "/compare?runs=a,b&regimes=vanilla_rl#table";
    expect(safeReturnPath(compare)).toBe(compare);
    expect(safeReturnPath("/runs/a%2Fb/rollouts?q=a%20b")).toBe("/runs/a%2Fb/rollouts?q=a%20b");
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example/", "runs", "", null, undefined])
      expect(safeReturnPath(next)).toBe("/");
  });

  // Each of these reached //evil.example (a protocol-relative URL: another site) through a black-box
  // probe or a browser's URL parser, which drops tabs and newlines and resolves dot segments.
  it.each([
    "/.//evil.example",
    "/..//evil.example/path",
    "/./..//evil.example",
    "/a/../..//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r//evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%2e%2e//evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5C/evil.example",
    "/%5cevil.example",
    "/.\\evil.example",
    "/%E0%A4%A",
    "/\\/evil.example",
  ])("refuses %j", (next) => {
    expect(safeReturnPath(next)).toBe("/");
  });
});
