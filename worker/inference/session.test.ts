import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTinyLm, QWEN_TOKENIZER_DIR, type TinyLmOptions } from "@/test/fixtures/tiny-lm/build-tiny-lm";
import { referenceLogProbs, referenceStats, type ReferenceStats } from "@/test/fixtures/tiny-lm/reference-forward";
import { resolveSpec } from "@/test/fixtures/tiny-lm/tiny-lm-spec";
import { writeCorrupt } from "@/test/fixtures/tiny-lm/write-corrupt";
import { makeTempDir, removeDir } from "@/test/fixtures/temp-dir";
import { DECISION_TAG, findDecisionPoints } from "./decision-points";
import { loadModelFile, type PositionStats } from "./session";
import { loadCheckpointTokenizer, type ChatMessage } from "./tokenizer";

const call = (name: string, args: Record<string, unknown>): ChatMessage => ({
  role: "assistant",
  content: "",
  tool_calls: [{ type: "function", function: { name, arguments: args } }],
});
const PROBE: ChatMessage[] = [
  { role: "system", content: "You are a travel assistant." },
  { role: "user", content: "Book me a hotel in Paris for two nights." },
  call("search_hotels", { city: "Paris", nights: 2 }),
  { role: "tool", content: '[{"id": 7, "name": "Hotel Lumière"}]' },
  call("book_hotel", { id: 7 }),
  { role: "tool", content: '{"status": "booked"}' },
  { role: "assistant", content: "Done: Hotel Lumière is booked." },
];

// Opset, declared inputs and external data change the file, not the function: one reference serves all.
const BOOSTS = { imEndBoost: 4, toolCallBoost: 2 };
const SLOW_MS = 60_000;

let root: string;
let tokens: number[];
let tracked: number[];
let decisionPoints: number[];
let reference: ReferenceStats[];

async function scoreFixture(name: string, options: TinyLmOptions) {
  const dir = path.join(root, name);
  buildTinyLm(dir, options);
  const model = await loadModelFile(path.join(dir, "model.onnx"), { device: "cpu" });
  try {
    return { dir, stats: await model.score(tokens, tracked, 5) };
  } finally {
    await model.close();
  }
}

/** Absolute 1e-5 on probabilities, and a relative bound too, since most probabilities here are tiny. */
function expectProbability(actual: number | null, expected: number | null): void {
  if (expected === null) return expect(actual).toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThan(1e-5);
  expect(Math.abs(actual! - expected) / expected).toBeLessThan(1e-4);
}

function expectMatchesReference(stats: PositionStats[]): void {
  expect(stats).toHaveLength(reference.length);
  stats.forEach((s, i) => {
    const r = reference[i]!;
    expectProbability(s.pNext, r.pNext);
    // Σ e·d for the entropy is a float32 sum of 151,936 comparable terms: relative 1e-5.
    expect(Math.abs(s.entropy - r.entropy) / r.entropy).toBeLessThan(1e-5);
    s.tracked.forEach((p, j) => expectProbability(p, r.tracked[j]!));
    expect(s.top.map((t) => t.id)).toEqual(r.top.map((t) => t.id));
    s.top.forEach((t, j) => expectProbability(t.p, r.top[j]!.p));
  });
}

beforeAll(async () => {
  root = makeTempDir("session");
  const tokenizer = await loadCheckpointTokenizer(QWEN_TOKENIZER_DIR);
  tokens = tokenizer.encode(tokenizer.renderChat(PROBE));
  tracked = ["<|im_end|>", "<tool_call>", '{"'].map((t) => tokenizer.tokenId(t));
  decisionPoints = findDecisionPoints(tokens, tokenizer.encode(DECISION_TAG));
  reference = referenceStats(referenceLogProbs(resolveSpec(BOOSTS), tokens), tokens, tracked, 5);
}, SLOW_MS);
afterAll(() => removeDir(root));

describe("loadCheckpointModel + score", () => {
  it(
    "matches the float64 reference on a tokenized tool-call dialogue, feeding every declared input",
    async () => {
      const declaredInputs: TinyLmOptions["declaredInputs"] = ["attention_mask", "position_ids", "past_key_values"];
      const { dir, stats } = await scoreFixture("full", { ...BOOSTS, declaredInputs });
      expect(decisionPoints).toHaveLength(2);
      expectMatchesReference(stats);
      const model = await loadModelFile(path.join(dir, "model.onnx"), { device: "auto", threads: 1 });
      expect(model.inputNames).toEqual([
        "input_ids",
        "attention_mask",
        "position_ids",
        "past_key_values.0.key",
        "past_key_values.0.value",
      ]);
      expect(model.vocabSize).toBe(151936);
      expect(["cpu", "cuda"]).toContain(model.device);
      await model.close();
    },
    SLOW_MS,
  );

  it(
    "shows the planted collapse: P(<|im_end|>) at the decision points grows with imEndBoost",
    async () => {
      const pImEnd: number[][] = [];
      for (const boost of [0, 2, 4, 8]) {
        const { stats } = await scoreFixture(`boost-${boost}`, { imEndBoost: boost });
        pImEnd.push(decisionPoints.map((p) => stats[p]!.tracked[0]!));
      }
      for (let i = 1; i < pImEnd.length; i++) {
        pImEnd[i]!.forEach((p, j) => expect(p).toBeGreaterThan(pImEnd[i - 1]![j]! * 2));
      }
      expect(Math.min(...pImEnd[3]!)).toBeGreaterThan(0.01);
    },
    SLOW_MS,
  );

  it.each([13, 21])(
    "keeps working on an opset %i model",
    async (opset) => {
      const { stats } = await scoreFixture(`opset-${opset}`, { ...BOOSTS, opset });
      expectMatchesReference(stats);
    },
    SLOW_MS,
  );

  it(
    "resolves model.onnx_data next to the model and leaves no files behind",
    async () => {
      const { dir, stats } = await scoreFixture("external", { ...BOOSTS, externalData: true });
      expectMatchesReference(stats);
      expect(fs.readdirSync(dir).sort()).toEqual([
        "config.json",
        "model.onnx",
        "model.onnx_data",
        "tokenizer.json",
        "tokenizer_config.json",
      ]);
    },
    SLOW_MS,
  );

  it(
    "scores a half-precision logits export in float32",
    async () => {
      const { stats } = await scoreFixture("float16", { ...BOOSTS, logitsType: "float16" });
      // fp16 keeps about 3 significant digits of each logit, so probabilities agree to about 1%.
      stats.forEach((s, i) =>
        s.tracked.forEach((p, j) => expect(Math.abs(p / reference[i]!.tracked[j]! - 1)).toBeLessThan(0.02)),
      );
    },
    SLOW_MS,
  );

  it(
    "uses CUDA when asked and it loads, and fails clearly when it does not",
    async () => {
      const modelPath = path.join(root, "full", "model.onnx");
      const outcome = await loadModelFile(modelPath, { device: "cuda" }).then(
        async (model) => {
          await model.close();
          return model.device;
        },
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(/^(cuda|the CUDA execution provider could not be used: .+)$/);
    },
    SLOW_MS,
  );
});

describe("loadCheckpointModel errors", () => {
  const load = (dir: string) => loadModelFile(path.join(dir, "model.onnx"), { device: "cpu" });

  it.each([
    ["truncated", /^model\.onnx could not be loaded: it is truncated or not an ONNX model \(.+\)$/],
    [
      "unknown-input",
      "model input 'pixel_values' is not one Spikewatch can feed; supported: input_ids, attention_mask, position_ids, past_key_values.*",
    ],
    [
      "no-logits",
      "model.onnx has no usable logits output: expected an output named 'logits' or a single rank-3 float output [batch, sequence, vocab]; found fire_f [batch_size, sequence_length]",
    ],
  ] as const)("explains a %s model", async (kind, message) => {
    const dir = path.join(root, `bad-${kind}`);
    writeCorrupt(dir, kind);
    await expect(load(dir)).rejects.toThrow(message);
  });

  it("explains a missing model file and rejects ids outside the vocabulary", async () => {
    await expect(load(path.join(root, "nowhere"))).rejects.toThrow(/^model\.onnx could not be read: ENOENT/);
    const dir = path.join(root, "small");
    writeCorrupt(dir, "small-vocab");
    const model = await load(dir);
    expect(model.vocabSize).toBe(1000);
    await expect(model.score([1, 151645], [], 5)).rejects.toThrow(
      "token id 151645 is outside the model's vocabulary (0..999)",
    );
    await model.close();
  });
});
