import { describe, expect, it } from "vitest";
import { planCheckpointUpload } from "./plan-checkpoint-upload";

const file = (path: string, size = 10) => ({ name: path.split("/").pop()!, size, webkitRelativePath: path.includes("/") ? path : "" });

describe("planCheckpointUpload", () => {
  it("maps a picked folder's files to part names by base name and ignores the rest", () => {
    const plan = planCheckpointUpload([file("ckpt/tokenizer.json", 5), file("ckpt/README.md"), file("ckpt/model.onnx", 100), file("ckpt/model.onnx_data", 1000)]);
    expect(plan.parts.map((p) => [p.part, p.file.size])).toEqual([["model.onnx", 100], ["model.onnx_data", 1000], ["tokenizer.json", 5]]);
    expect(plan.ignored).toEqual(["ckpt/README.md"]);
    expect(plan.absentOptional).toEqual(["config.json", "tokenizer_config.json"]);
    expect(plan).toMatchObject({ totalBytes: 1105, canUpload: true, missingRequired: [], duplicates: [] });
  });

  it("requires model.onnx", () => {
    const plan = planCheckpointUpload([file("config.json")]);
    expect(plan).toMatchObject({ canUpload: false, missingRequired: ["model.onnx"] });
  });

  it("refuses two files with the same part name and names both", () => {
    const plan = planCheckpointUpload([file("a/model.onnx"), file("b/model.onnx")]);
    expect(plan.canUpload).toBe(false);
    expect(plan.duplicates).toEqual([{ part: "model.onnx", paths: ["a/model.onnx", "b/model.onnx"] }]);
  });

  it("plans nothing for nothing picked", () => {
    expect(planCheckpointUpload([])).toMatchObject({ parts: [], ignored: [], canUpload: false, totalBytes: 0 });
  });
});
