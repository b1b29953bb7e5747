import { describe, expect, it } from "vitest";
import { compareCheckpointFiles, folderFileKind } from "./checkpoint-files";
import { stepOfCheckpointFolder } from "./checkpoint-folders";

describe("stepOfCheckpointFolder", () => {
  it("reads the step from verl's global_step_<N> and transformers' checkpoint-<N>", () => {
    expect(stepOfCheckpointFolder("global_step_120")).toBe(120);
    expect(stepOfCheckpointFolder("checkpoint-5000")).toBe(5000);
    expect(stepOfCheckpointFolder("checkpoint-0")).toBe(0);
  });

  it("ignores other names and steps past the API's limit", () => {
    for (const name of [
      "checkpoint-best",
      "global_step_",
      "checkpoint-12.tmp",
      "tmp-checkpoint-10",
      "global_step_1x",
      "checkpoint-99999999999",
    ]) {
      expect(stepOfCheckpointFolder(name)).toBeNull();
    }
  });
});

describe("checkpoint file names", () => {
  it("sorts shards after the index and before the tokenizer", () => {
    const names = [
      "tokenizer.json",
      "model-00002-of-00002.safetensors",
      "config.json",
      "model.safetensors.index.json",
      "model-00001-of-00002.safetensors",
    ];
    expect(names.sort(compareCheckpointFiles)).toEqual([
      "config.json",
      "model.safetensors.index.json",
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
      "tokenizer.json",
    ]);
  });

  it("tells checkpoint files from training state, FSDP shards, pickles and the rest", () => {
    expect(
      [
        "model-00001-of-00004.safetensors",
        "chat_template.jinja",
        "optimizer.pt",
        "rng_state.pth",
        "model_world_size_8_rank_3.pt",
        "pytorch_model.bin",
        "model.pt",
        "README.md",
        "model-1-of-2.safetensors",
      ].map(folderFileKind),
    ).toEqual([
      "checkpoint",
      "checkpoint",
      "training_state",
      "training_state",
      "fsdp_shard",
      "pickled_weights",
      "pickled_weights",
      "other",
      "other",
    ]);
  });
});
