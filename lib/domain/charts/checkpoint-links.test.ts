import { describe, expect, it } from "vitest";
import { checkpointsHref, tokenViewHref } from "./checkpoint-links";
import { formatBytes, formatFoldChange, formatProbability } from "./format-probability";

describe("checkpoint links", () => {
  it("builds the checkpoints page URL, with the chosen probe when given", () => {
    expect(checkpointsHref("r1")).toBe("/runs/r1/checkpoints");
    expect(checkpointsHref("r1", "builtin:tool-use")).toBe("/runs/r1/checkpoints?probe=builtin%3Atool-use");
  });

  it("builds the token view URL and encodes control tokens", () => {
    expect(tokenViewHref("r1", "c1")).toBe("/runs/r1/checkpoints/c1");
    expect(tokenViewHref("r1", "c1", { probe: "p", token: "<|im_end|>" })).toBe(
      "/runs/r1/checkpoints/c1?probe=p&token=%3C%7Cim_end%7C%3E",
    );
    const url = new URL(tokenViewHref("r", "c", { token: '{"' }), "http://x");
    expect(url.searchParams.get("token")).toBe('{"');
  });
});

describe("number formats", () => {
  it("formats probabilities, fold changes and sizes", () => {
    expect([
      formatProbability(0.5321),
      formatProbability(0.001),
      formatProbability(3.21e-5),
      formatProbability(0),
      formatProbability(null),
    ]).toEqual(["0.532", "0.001", "3.2e-5", "0", "—"]);
    expect([formatFoldChange(42.4), formatFoldChange(2.25), formatFoldChange(1500)]).toEqual(["×42", "×2.3", "×1.5k"]);
    expect([formatBytes(812), formatBytes(1536), formatBytes(3.5 * 1024 ** 3)]).toEqual([
      "812 B",
      "1.5 KiB",
      "3.5 GiB",
    ]);
  });
});
