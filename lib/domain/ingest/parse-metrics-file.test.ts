import { describe, expect, it } from "vitest";
import { parseMetricsFile } from "./parse-metrics-file";

describe("parseMetricsFile", () => {
  it("reads long CSV", () => {
    const result = parseMetricsFile("step,key,value\n1,critic/score/mean,0.5\n2,critic/score/mean,0.25\n", "csv");
    expect(result).toEqual({
      ok: true,
      value: { points: [{ step: 1, key: "critic/score/mean", value: 0.5 }, { step: 2, key: "critic/score/mean", value: 0.25 }], skipped: 0 },
    });
  });

  it("reads a wide W&B export, skipping gaps and NaN, and quoted headers with commas", () => {
    const csv = '_step,"actor/p_im_end",actor/entropy,_runtime\n0,0.01,1.5,3\n1,,1.4,4\n2,NaN,1.3,5\n';
    const result = parseMetricsFile(csv, "csv");
    expect(result.ok && result.value.points).toEqual([
      { step: 0, key: "actor/p_im_end", value: 0.01 },
      { step: 0, key: "actor/entropy", value: 1.5 },
      { step: 1, key: "actor/entropy", value: 1.4 },
      { step: 2, key: "actor/entropy", value: 1.3 },
    ]);
    expect(result.ok && result.value.skipped).toBe(2);
  });

  it("names the line of a row with a bad step", () => {
    const result = parseMetricsFile("step,key,value\n1,a,1\nx,a,2\n", "csv");
    expect(result).toEqual({ ok: false, issues: [{ path: "line 3", message: 'step must be a non-negative integer, got "x"' }] });
  });

  it("rejects a CSV without a step column", () => {
    const result = parseMetricsFile("epoch,loss\n1,2\n", "csv");
    expect(result.ok).toBe(false);
  });

  it("reads JSON lines in long and wide form", () => {
    const text = '{"step": 3, "key": "a", "value": 1}\n\n{"step": 4, "a": 2, "b": null}\n';
    const result = parseMetricsFile(text, "jsonl");
    expect(result.ok && result.value).toEqual({ points: [{ step: 3, key: "a", value: 1 }, { step: 4, key: "a", value: 2 }], skipped: 1 });
  });

  it("reports malformed JSON lines by number", () => {
    const result = parseMetricsFile('{"step": 1, "a": 1}\n{oops\n[1]\n', "jsonl");
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(["line 2", "line 3"]);
  });

  it("fails on a file with no values at all", () => {
    expect(parseMetricsFile("step,key,value\n", "csv").ok).toBe(false);
  });
});

describe("parseMetricsFile CSV edge cases", () => {
  it("reads quoted fields holding commas and newlines, a BOM and CRLF line ends", () => {
    const csv = '\uFEFFstep,key,value,note\r\n1,"actor/p_im_end",0.5,"a note, with a comma\r\nand a second line"\r\n2,actor/p_im_end,0.25,plain\r\n';
    const result = parseMetricsFile(csv, "csv");
    expect(result).toEqual({ ok: true, value: { points: [{ step: 1, key: "actor/p_im_end", value: 0.5 }, { step: 2, key: "actor/p_im_end", value: 0.25 }], skipped: 0 } });
  });

  it("names the line of a row that has the wrong number of fields", () => {
    const result = parseMetricsFile("step,key,value\n1,a,1\n2,a\n", "csv");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]!.path).toBe("line 3");
  });
});
