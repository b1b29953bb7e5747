import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTinyLm } from "@/test/fixtures/tiny-lm/build-tiny-lm";
import { writeCorrupt } from "@/test/fixtures/tiny-lm/write-corrupt";
import { makeTempDir, removeDir } from "@/test/fixtures/temp-dir";
import { loadCheckpoint } from "./load-checkpoint";

let root: string;
beforeAll(() => {
  root = makeTempDir("checkpoint");
});
afterAll(() => removeDir(root));

describe("loadCheckpoint", () => {
  it("loads a matching model and tokenizer", async () => {
    const dir = path.join(root, "good");
    buildTinyLm(dir);
    const { model, tokenizer } = await loadCheckpoint(dir, { device: "auto" });
    expect(model.vocabSize).toBeGreaterThan(tokenizer.maxTokenId);
    const stats = await model.score(
      tokenizer.encode("<|im_start|>assistant\n<tool_call>\n"),
      [tokenizer.tokenId("<|im_end|>")],
      3,
    );
    expect(stats).toHaveLength(5);
    await model.close();
  }, 30_000);

  it("rejects a model whose vocabulary is smaller than the tokenizer's", async () => {
    const dir = path.join(root, "small-vocab");
    writeCorrupt(dir, "small-vocab");
    await expect(loadCheckpoint(dir, { device: "cpu" })).rejects.toThrow(
      "model.onnx scores 1000 token ids but tokenizer.json produces ids up to 151668: the model and tokenizer do not belong together",
    );
  }, 30_000);

  it("names the missing file", async () => {
    const dir = path.join(root, "missing-tokenizer");
    writeCorrupt(dir, "missing-tokenizer");
    await expect(loadCheckpoint(dir, { device: "cpu" })).rejects.toThrow(
      `checkpoint has no tokenizer.json (looked in ${dir})`,
    );
    fs.rmSync(path.join(dir, "model.onnx"));
    await expect(loadCheckpoint(dir, { device: "cpu" })).rejects.toThrow(
      `checkpoint has no model.onnx and no model.safetensors or model.safetensors.index.json (looked in ${dir})`,
    );
  });
});
