import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkCheckpointFiles } from "./check-checkpoint-files";

// A folder transformers 4.46 saved with save_pretrained(max_shard_size=...): its index and shard names.
const SHARDED = path.resolve(import.meta.dirname, "../../../../shared/data/hf-checkpoints/qwen2-bf16-sharded");
const INDEX = fs.readFileSync(path.join(SHARDED, "model.safetensors.index.json"), "utf8");
const SHARDED_NAMES = fs.readdirSync(SHARDED).filter((name) => name !== "reference.json");

describe("checkCheckpointFiles", () => {
  it("accepts the sharded folder transformers wrote, as it is", () => {
    expect(SHARDED_NAMES).toContain("model-00002-of-00002.safetensors");
    expect(checkCheckpointFiles(SHARDED_NAMES, INDEX)).toEqual({ format: "safetensors", issues: [] });
  });

  it("accepts one model.safetensors with config.json, and an ONNX export whatever else it holds", () => {
    expect(checkCheckpointFiles(["config.json", "model.safetensors", "tokenizer.json"], null)).toEqual({
      format: "safetensors",
      issues: [],
    });
    expect(checkCheckpointFiles(["model.onnx", "model-00001-of-00002.safetensors"], null)).toEqual({
      format: "onnx",
      issues: [],
    });
  });

  it("names a shard the index lists that is missing (the 422 of an incomplete upload)", () => {
    const names = SHARDED_NAMES.filter((name) => name !== "model-00001-of-00002.safetensors");
    expect(checkCheckpointFiles(names, INDEX).issues).toEqual([
      {
        path: "model-00001-of-00002.safetensors",
        message: "named by model.safetensors.index.json but missing from the checkpoint",
      },
    ]);
  });

  it("refuses shards without an index, stray shards, and shards beside model.safetensors", () => {
    expect(
      checkCheckpointFiles(["config.json", "model-00001-of-00001.safetensors"], null).issues.map((i) => i.path),
    ).toEqual(["model.safetensors.index.json"]);
    const stray = checkCheckpointFiles([...SHARDED_NAMES, "model-00001-of-00003.safetensors"], INDEX).issues;
    expect(stray).toEqual([
      {
        path: "model-00001-of-00003.safetensors",
        message: expect.stringMatching(/not named by model\.safetensors\.index\.json/),
      },
    ]);
    expect(checkCheckpointFiles([...SHARDED_NAMES, "model.safetensors"], INDEX).issues.map((i) => i.path)).toEqual([
      "model.safetensors",
    ]);
  });

  it("refuses an index naming anything but shard files, and an index that is not one", () => {
    const evil = JSON.stringify({ weight_map: { "model.embed_tokens.weight": "../../etc/passwd" } });
    expect(checkCheckpointFiles(["config.json", "model.safetensors.index.json"], evil).issues).toEqual([
      {
        path: "model.safetensors.index.json.weight_map",
        message: 'names "../../etc/passwd", not a file name like model-00001-of-00002.safetensors',
      },
    ]);
    for (const [text, message] of [
      ["{", /not valid JSON/],
      ["[]", /no weight_map/],
      ['{"weight_map": {}}', /empty/],
      ['{"weight_map": {"a": 1}}', /file names/],
    ] as const) {
      expect(checkCheckpointFiles(SHARDED_NAMES, text).issues[0]?.message).toMatch(message);
    }
  });

  it("requires config.json with safetensors and reports a folder without weights", () => {
    expect(checkCheckpointFiles(["model.safetensors"], null).issues.map((i) => i.path)).toEqual(["config.json"]);
    expect(checkCheckpointFiles(["config.json", "tokenizer.json"], null)).toMatchObject({
      format: null,
      issues: [{ path: "model.safetensors" }],
    });
  });
});
