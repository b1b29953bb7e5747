import { describe, expect, it } from "vitest";
import { planCheckpointFolder } from "./plan-checkpoint-folder";

const file = (path: string, size = 10) => ({
  name: path.split("/").pop()!,
  size,
  webkitRelativePath: path.includes("/") ? path : "",
});
const INDEX = JSON.stringify({
  metadata: { total_size: 20 },
  weight_map: { a: "model-00001-of-00002.safetensors", b: "model-00002-of-00002.safetensors" },
});

// What transformers' Trainer writes into output_dir/checkpoint-<N>/ (Trainer._save_checkpoint: the model via
// save_pretrained, the tokenizer, then optimizer.pt, scheduler.pt, rng_state_<rank>.pth, trainer_state.json and
// training_args.bin).
const TRL_CHECKPOINT = [
  "checkpoint-500/config.json",
  "checkpoint-500/generation_config.json",
  "checkpoint-500/model-00001-of-00002.safetensors",
  "checkpoint-500/model-00002-of-00002.safetensors",
  "checkpoint-500/model.safetensors.index.json",
  "checkpoint-500/tokenizer.json",
  "checkpoint-500/tokenizer_config.json",
  "checkpoint-500/special_tokens_map.json",
  "checkpoint-500/added_tokens.json",
  "checkpoint-500/vocab.json",
  "checkpoint-500/merges.txt",
  "checkpoint-500/chat_template.jinja",
  "checkpoint-500/optimizer.pt",
  "checkpoint-500/scheduler.pt",
  "checkpoint-500/rng_state_0.pth",
  "checkpoint-500/rng_state_1.pth",
  "checkpoint-500/trainer_state.json",
  "checkpoint-500/training_args.bin",
];

describe("planCheckpointFolder", () => {
  it("sends a TRL checkpoint folder's model files and skips its training state with reasons", () => {
    const plan = planCheckpointFolder(
      TRL_CHECKPOINT.map((p) => file(p)),
      INDEX,
    );
    expect(plan.parts.map((p) => p.part)).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors.index.json",
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
      "special_tokens_map.json",
      "vocab.json",
      "merges.txt",
      "chat_template.jinja",
    ]);
    expect(plan.skipped).toEqual([
      { path: "checkpoint-500/added_tokens.json", reason: "not_read" },
      ...[
        "optimizer.pt",
        "scheduler.pt",
        "rng_state_0.pth",
        "rng_state_1.pth",
        "trainer_state.json",
        "training_args.bin",
      ].map((name) => ({ path: `checkpoint-500/${name}`, reason: "training_state" })),
    ]);
    expect(plan).toMatchObject({
      format: "safetensors",
      problems: [],
      duplicates: [],
      hasTokenizer: true,
      totalBytes: 110,
      canUpload: true,
    });
  });

  it("uses the ONNX export of a folder that also has safetensors, skipping the safetensors", () => {
    const plan = planCheckpointFolder(
      [file("m/model.onnx", 100), file("m/model.safetensors", 50), file("m/config.json"), file("m/tokenizer.json")],
      null,
    );
    expect(plan.format).toBe("onnx");
    expect(plan.parts.map((p) => p.part)).toEqual(["model.onnx", "config.json", "tokenizer.json"]);
    expect(plan.skipped).toEqual([{ path: "m/model.safetensors", reason: "onnx_export_used" }]);
    expect(plan.totalBytes).toBe(120);
  });

  it("blocks a folder whose only weights are pickled, with the reason safetensors are required", () => {
    const plan = planCheckpointFolder([file("old/config.json"), file("old/pytorch_model.bin", 500)], null);
    expect(plan.canUpload).toBe(false);
    expect(plan.problems).toEqual([
      {
        path: "old/pytorch_model.bin",
        message: expect.stringMatching(/only safetensors weights are loaded: pickled files .* can run code/),
      },
    ]);
  });

  it("skips pickled weights beside safetensors instead of blocking", () => {
    const plan = planCheckpointFolder(
      [file("config.json"), file("model.safetensors"), file("pytorch_model.bin")],
      null,
    );
    expect(plan).toMatchObject({
      canUpload: true,
      skipped: [{ path: "pytorch_model.bin", reason: "pickled_weights" }],
    });
  });

  it("gives the verl merge command for an actor folder holding only FSDP shards", () => {
    // verl FSDPCheckpointManager.save_checkpoint without hf_model in save_contents.
    const plan = planCheckpointFolder(
      [
        file("global_step_40/actor/model_world_size_2_rank_0.pt"),
        file("global_step_40/actor/model_world_size_2_rank_1.pt"),
        file("global_step_40/actor/optim_world_size_2_rank_0.pt"),
        file("global_step_40/actor/extra_state_world_size_2_rank_0.pt"),
        file("global_step_40/actor/fsdp_config.json"),
        file("global_step_40/actor/huggingface/config.json"),
        file("global_step_40/actor/huggingface/tokenizer.json"),
      ],
      null,
    );
    expect(plan.canUpload).toBe(false);
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]!.message).toContain(
      "python -m verl.model_merger merge --backend fsdp --local_dir global_step_40/actor " +
        "--target_dir global_step_40/actor/huggingface",
    );
    expect(plan.skipped.filter((s) => s.reason === "training_state").length).toBe(3);
  });

  it("blocks a missing shard, two files with one part name, and an empty pick", () => {
    const missing = planCheckpointFolder(
      [file("config.json"), file("model.safetensors.index.json"), file("model-00002-of-00002.safetensors")],
      INDEX,
    );
    expect(missing.problems).toEqual([
      { path: "model-00001-of-00002.safetensors", message: expect.stringMatching(/missing/) },
    ]);
    const twice = planCheckpointFolder([file("a/model.onnx"), file("b/model.onnx")], null);
    expect(twice).toMatchObject({
      canUpload: false,
      duplicates: [{ part: "model.onnx", paths: ["a/model.onnx", "b/model.onnx"] }],
    });
    expect(planCheckpointFolder([], null)).toMatchObject({ parts: [], canUpload: false, format: null, totalBytes: 0 });
  });
});
