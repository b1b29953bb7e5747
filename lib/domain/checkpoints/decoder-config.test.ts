import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDecoderConfig } from "./decoder-config";
import { checkDecoderTensors, decoderTensorSpecs } from "./decoder-tensors";
import { parseSafetensorsHeader, readHeaderLength } from "./safetensors-header";
import { parseShardIndex } from "./shard-index";

// config.json and safetensors files saved by transformers' save_pretrained (../shared/data/README.md).
const ROOT = path.resolve(process.cwd(), "../shared/data/hf-checkpoints");
const readJson = (...parts: string[]) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, ...parts), "utf8")) as Record<string, unknown>;

function headerOf(...parts: string[]) {
  const bytes = fs.readFileSync(path.join(ROOT, ...parts));
  const n = readHeaderLength(bytes.subarray(0, 8), bytes.length, parts.at(-1)!);
  return parseSafetensorsHeader(bytes.subarray(8, 8 + n), bytes.length, parts.at(-1)!).tensors;
}

describe("parseDecoderConfig on transformers' own config.json files", () => {
  it("reads a transformers 5 qwen2 config (rope_parameters, dtype)", () => {
    expect(parseDecoderConfig(readJson("qwen2-fp32", "config.json"))).toEqual({
      modelType: "qwen2",
      vocabSize: 151936,
      hiddenSize: 16,
      intermediateSize: 48,
      numLayers: 2,
      numHeads: 2,
      numKvHeads: 1,
      headDim: 8,
      rmsNormEps: 1e-6,
      ropeTheta: 1e6,
      rope: { type: "default" },
      tieWordEmbeddings: true,
      qkvBias: true,
      oBias: false,
      mlpBias: false,
      qkNorm: false,
      slidingWindow: null,
      declaredDtype: "float32",
    });
  });

  it("reads a transformers 4 config (top-level rope_theta, rope_scaling: null, torch_dtype)", () => {
    expect(parseDecoderConfig(readJson("qwen2-bf16-sharded", "config.json"))).toMatchObject({
      modelType: "qwen2",
      ropeTheta: 1e6,
      rope: { type: "default" },
      declaredDtype: "bfloat16",
      qkvBias: true,
    });
  });

  it("reads qwen3's explicit head_dim and q/k norms, and llama3 rope scaling with an untied head", () => {
    expect(parseDecoderConfig(readJson("qwen3-bf16", "config.json"))).toMatchObject({
      modelType: "qwen3",
      hiddenSize: 16,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 8,
      qkNorm: true,
      qkvBias: false,
      oBias: false,
    });
    expect(parseDecoderConfig(readJson("llama-bf16-untied", "config.json"))).toMatchObject({
      modelType: "llama",
      ropeTheta: 500000,
      tieWordEmbeddings: false,
      qkvBias: false,
      rope: { type: "llama3", factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 64 },
    });
  });

  it("reads transformers 4 llama3 and linear rope_scaling, and mistral's default window", () => {
    const base = readJson("llama-bf16-untied", "config.json");
    const { rope_parameters: parameters, ...t4 } = base as { rope_parameters: Record<string, unknown> };
    const { rope_theta: theta, ...scaling } = parameters;
    expect(parseDecoderConfig({ ...t4, rope_theta: theta, rope_scaling: scaling })).toMatchObject({
      ropeTheta: 500000,
      rope: { type: "llama3", factor: 8 },
    });
    expect(parseDecoderConfig({ ...t4, rope_scaling: { type: "linear", factor: 2 } })).toMatchObject({
      ropeTheta: 10000,
      rope: { type: "linear", factor: 2 },
    });
    expect(
      parseDecoderConfig({ ...t4, model_type: "mistral", architectures: ["MistralForCausalLM"] }).slidingWindow,
    ).toBe(4096);
  });

  it("names the unsupported model_type, architecture, rope type or field", () => {
    const base = readJson("qwen2-fp32", "config.json");
    expect(() => parseDecoderConfig({ ...base, model_type: "gemma2" })).toThrow(
      'config.json: model_type "gemma2" is not supported; supported: qwen2, qwen3, llama, mistral',
    );
    expect(() => parseDecoderConfig({ ...base, architectures: ["Qwen2ForSequenceClassification"] })).toThrow(
      'architectures ["Qwen2ForSequenceClassification"] are not supported',
    );
    expect(() =>
      parseDecoderConfig({ ...base, rope_parameters: { rope_type: "yarn", rope_theta: 1e6, factor: 4 } }),
    ).toThrow('config.json: rope type "yarn" is not supported; supported: default, linear, llama3');
    expect(() => parseDecoderConfig({ ...base, rope_parameters: { rope_type: "llama3", rope_theta: 1e6 } })).toThrow(
      "config.json: rope_parameters.factor must be a positive number, got undefined",
    );
    expect(() => parseDecoderConfig({ ...base, num_key_value_heads: 3 })).toThrow(
      "num_attention_heads 2 is not a multiple of num_key_value_heads 3",
    );
    expect(() => parseDecoderConfig({ ...base, hidden_size: "16" })).toThrow(
      'hidden_size must be a positive integer, got "16"',
    );
    expect(() => parseDecoderConfig({ ...base, hidden_act: "gelu" })).toThrow('hidden_act "gelu" is not supported');
    expect(() => parseDecoderConfig(null)).toThrow("config.json: not a JSON object");
  });
});

describe("decoder tensors on transformers' own safetensors", () => {
  it("finds every tensor each config needs with its shape (single file, shards, untied head)", () => {
    for (const folder of ["qwen2-fp32", "qwen3-bf16", "llama-bf16-untied"]) {
      const tensors = headerOf(folder, "model.safetensors");
      const specs = decoderTensorSpecs(parseDecoderConfig(readJson(folder, "config.json")));
      expect(() => checkDecoderTensors(specs, (name) => tensors.get(name))).not.toThrow();
      expect(specs.length).toBe(tensors.size);
    }
    const shards = parseShardIndex(readJson("qwen2-bf16-sharded", "model.safetensors.index.json"));
    const headers = new Map(
      [...new Set(shards.values())].map((shard) => [shard, headerOf("qwen2-bf16-sharded", shard)]),
    );
    const specs = decoderTensorSpecs(parseDecoderConfig(readJson("qwen2-bf16-sharded", "config.json")));
    expect(() => checkDecoderTensors(specs, (name) => headers.get(shards.get(name)!)?.get(name))).not.toThrow();
  });

  it("names a missing tensor, a wrong shape and an unsupported dtype", () => {
    const specs = decoderTensorSpecs(parseDecoderConfig(readJson("llama-bf16-untied", "config.json")));
    const tensors = headerOf("llama-bf16-untied", "model.safetensors");
    const without = (name: string) => (n: string) => (n === name ? undefined : tensors.get(n));
    expect(() => checkDecoderTensors(specs, without("lm_head.weight"))).toThrow(
      "tensor lm_head.weight is missing: the config needs it with shape [151936, 16]",
    );
    const reshaped = (n: string) =>
      n === "model.layers.1.mlp.up_proj.weight" ? { dtype: "BF16", shape: [16, 40] } : tensors.get(n);
    expect(() => checkDecoderTensors(specs, reshaped)).toThrow(
      "tensor model.layers.1.mlp.up_proj.weight has shape [16, 40]; the config needs [40, 16]",
    );
    const quantized = (n: string) => (n === "model.norm.weight" ? { dtype: "I8", shape: [16] } : tensors.get(n));
    expect(() => checkDecoderTensors(specs, quantized)).toThrow(
      "tensor model.norm.weight has dtype I8; supported: F32, F16, BF16",
    );
  });
});

describe("parseShardIndex", () => {
  it("refuses shard names that could leave the checkpoint folder", () => {
    expect(() => parseShardIndex({ weight_map: { a: "../../etc/passwd.safetensors" } })).toThrow(
      'weight_map.a is "../../etc/passwd.safetensors"; expected a .safetensors file name in the checkpoint folder',
    );
    expect(() => parseShardIndex({ weight_map: { a: "/abs.safetensors" } })).toThrow(
      "expected a .safetensors file name",
    );
    expect(() => parseShardIndex({})).toThrow("model.safetensors.index.json: has no weight_map object");
  });
});
