import { describe, expect, it } from "vitest";
import { isWellEncodedPath } from "./percent-encoding";

describe("isWellEncodedPath", () => {
  it("accepts plain paths and escapes of whole UTF-8 characters", () => {
    for (const path of ["/", "/runs/cm0abc/rollouts", "/runs/%C3%A9t%C3%A9", "/a%20b/%25/%2F", "/%F0%9F%98%80"]) {
      expect(isWellEncodedPath(path), path).toBe(true);
    }
  });

  it("refuses lone bytes, surrogates, cut sequences, overlong forms and bare %", () => {
    const bad = ["/runs/%FF", "/runs/%ED%A0%80", "/runs/%E0%A4%A", "/runs/%", "/runs/%C0%AF", "/runs/a%FF/b", "/%zz"];
    for (const path of bad) {
      expect(isWellEncodedPath(path), path).toBe(false);
    }
  });
});
