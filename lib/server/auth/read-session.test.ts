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
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example/", "runs", "", null, undefined]) expect(safeReturnPath(next)).toBe("/");
  });
});
