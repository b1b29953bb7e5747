import { describe, expect, it } from "vitest";
import { parseMetricsFile } from "./parse-metrics-file";

function pointsOf(result: ReturnType<typeof parseMetricsFile>) {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe("parseMetricsFile", () => {
  it("reads long CSV", () => {
    const result = parseMetricsFile("step,key,value\n1,critic/score/mean,0.5\n2,critic/score/mean,0.25\n", "csv");
    expect(pointsOf(result)).toEqual({
      points: [
        { step: 1, key: "critic/score/mean", value: 0.5 },
        { step: 2, key: "critic/score/mean", value: 0.25 },
      ],
      skipped: 0,
      stepColumn: "step",
    });
  });

  it("reads a W&B run history export: skips gaps, W&B's own columns and pandas' index, keeps NaN and inf", () => {
    // wandb.Api().run(path).history() written with pandas DataFrame.to_csv: an unnamed index column first
    const csv =
      ',_step,"actor/p_im_end",actor/entropy,_runtime,_timestamp\n0,0,0.01,1.5,3.2,1764842400.1\n1,1,,1.4,4.0,1764842401.2\n2,2,NaN,inf,5.1,1764842402.3\n';
    expect(pointsOf(parseMetricsFile(csv, "csv"))).toEqual({
      points: [
        { step: 0, key: "actor/p_im_end", value: 0.01 },
        { step: 0, key: "actor/entropy", value: 1.5 },
        { step: 1, key: "actor/entropy", value: 1.4 },
        { step: 2, key: "actor/p_im_end", value: Number.NaN },
        { step: 2, key: "actor/entropy", value: Number.POSITIVE_INFINITY },
      ],
      skipped: 1,
      stepColumn: "_step",
    });
  });

  it("keys a W&B export of a TRL run by train/global_step, not by W&B's _step", () => {
    // transformers' WandbCallback logs every dict with "train/global_step"; W&B counts log calls in _step,
    // and an eval row logged at the same training step is a separate W&B step.
    const csv = [
      "_step,train/global_step,train/reward,train/loss,eval/reward,_runtime",
      "0,10,0.25,0.01,,12.0",
      "1,20,0.5,0.02,,24.1",
      "2,20,,,0.45,30.5",
      "3,30,0.75,nan,,36.9",
    ].join("\n");
    const file = pointsOf(parseMetricsFile(csv, "csv"));
    expect(file.stepColumn).toBe("train/global_step");
    expect(file.points.filter((p) => p.key === "train/reward").map((p) => p.step)).toEqual([10, 20, 30]);
    expect(file.points).toContainEqual({ step: 20, key: "eval/reward", value: 0.45 });
    expect(file.points).toContainEqual({ step: 30, key: "train/loss", value: Number.NaN });
    expect(file.points.some((p) => p.key === "train/global_step" || p.key === "_step")).toBe(false);
  });

  it("takes the step column named with --step-column, and says which columns exist when it is missing", () => {
    const csv = "_step,train/global_step,train/reward\n0,10,0.25\n1,20,0.5\n";
    expect(pointsOf(parseMetricsFile(csv, "csv", { stepColumn: "_step" })).points).toEqual([
      { step: 0, key: "train/global_step", value: 10 },
      { step: 0, key: "train/reward", value: 0.25 },
      { step: 1, key: "train/global_step", value: 20 },
      { step: 1, key: "train/reward", value: 0.5 },
    ]);
    const missing = parseMetricsFile(csv, "csv", { stepColumn: "epoch" });
    expect(missing).toEqual({
      ok: false,
      issues: [
        {
          path: "line 1",
          message: 'expected the step column "epoch"; found "_step", "train/global_step", "train/reward"',
        },
      ],
    });
  });

  it("reads a W&B chart export: <run> - <key> columns, __MIN and __MAX dropped", () => {
    // the CSV a W&B line-plot panel exports ("Export panel" > CSV)
    const csv =
      '"Step","grpo-seed1 - train/reward","grpo-seed1 - train/reward__MIN","grpo-seed1 - train/reward__MAX"\n"10","0.25","0.25","0.25"\n"20","0.5","0.5","0.5"\n';
    expect(pointsOf(parseMetricsFile(csv, "csv")).points).toEqual([
      { step: 10, key: "train/reward", value: 0.25 },
      { step: 20, key: "train/reward", value: 0.5 },
    ]);
  });

  it("names the line of a row with a bad step", () => {
    const result = parseMetricsFile("step,key,value\n1,a,1\nx,a,2\n", "csv");
    expect(result).toEqual({
      ok: false,
      issues: [{ path: "line 3", message: 'step must be a non-negative integer, got "x"' }],
    });
  });

  it("rejects a CSV without a step column", () => {
    expect(parseMetricsFile("epoch,loss\n1,2\n", "csv").ok).toBe(false);
  });

  it("reads JSON lines in long and wide form, with Python's bare NaN", () => {
    const text =
      '{"step": 3, "key": "a", "value": 1}\n\n{"step": 4, "a": 2, "b": null}\n{"step": 5, "a": NaN, "b": "-Infinity"}\n';
    expect(pointsOf(parseMetricsFile(text, "jsonl"))).toEqual({
      points: [
        { step: 3, key: "a", value: 1 },
        { step: 4, key: "a", value: 2 },
        { step: 5, key: "a", value: Number.NaN },
        { step: 5, key: "b", value: Number.NEGATIVE_INFINITY },
      ],
      skipped: 1,
      stepColumn: "step",
    });
  });

  it("reports malformed JSON lines by number", () => {
    const result = parseMetricsFile('{"step": 1, "a": 1}\n{oops\n[1]\n', "jsonl");
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(["line 2", "line 3"]);
  });

  it("points a trainer_state.json to its own importer instead of failing on every line", () => {
    const state =
      '{\n  "global_step": 20,\n  "log_history": [\n    {\n      "loss": 0.1,\n      "step": 10\n    }\n  ]\n}\n';
    const result = parseMetricsFile(state, "jsonl");
    expect(result.ok ? [] : result.issues).toEqual([
      { path: "(file)", message: expect.stringContaining("import trl-state") },
    ]);
  });

  it("fails on a file with no values at all, and on binary input", () => {
    expect(parseMetricsFile("step,key,value\n", "csv").ok).toBe(false);
    expect(parseMetricsFile("\u0000\u0001\u00ff\u00fe\u0007", "csv").ok).toBe(false);
    expect(parseMetricsFile("\u0000\u0001\u00ff\u00fe\u0007", "jsonl").ok).toBe(false);
  });
});

describe("parseMetricsFile CSV edge cases", () => {
  it("reads quoted fields holding commas and newlines, a BOM and CRLF line ends", () => {
    const csv =
      '\uFEFFstep,key,value,note\r\n1,"actor/p_im_end",0.5,"a note, with a comma\r\nand a second line"\r\n2,actor/p_im_end,0.25,plain\r\n';
    const result = parseMetricsFile(csv, "csv");
    expect(pointsOf(result).points).toEqual([
      { step: 1, key: "actor/p_im_end", value: 0.5 },
      { step: 2, key: "actor/p_im_end", value: 0.25 },
    ]);
  });

  it("names the line of a row that has the wrong number of fields", () => {
    const result = parseMetricsFile("step,key,value\n1,a,1\n2,a\n", "csv");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]!.path).toBe("line 3");
  });
});
