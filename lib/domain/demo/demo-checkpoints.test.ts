import { describe, expect, it } from "vitest";
import { decodeBfloat16 } from "../checkpoints/bfloat16";
import { parseDecoderConfig } from "../checkpoints/decoder-config";
import { ropeInverseFrequencies } from "../checkpoints/rope-frequencies";
import { parseSafetensorsHeader, readHeaderLength } from "../checkpoints/safetensors-header";
import { plantedCollapseStep } from "./regime-curves";
import {
  DEMO_CHECKPOINT_STEPS,
  demoCheckpoint,
  MIN_MARKER_PROBABILITY,
  demoCheckpointSpecs,
  type DemoCheckpoint,
} from "./demo-checkpoints";
import { DEMO_MODEL_CONFIG } from "./demo-model";

// Ids of the Qwen tokenizer (domain.md §2); the loader asks them of the tokenizer file itself.
const IDS = { imEnd: 151645, toolCall: 151657, lbrace: 4913, newline: 198 };
const [vanilla, stable] = demoCheckpointSpecs();
/** Decoding 2.4M bfloat16 weights takes a second or two on a busy machine. */
const SLOW_MS = 30_000;

function tensors(checkpoint: DemoCheckpoint): Map<string, Float32Array> {
  const file = checkpoint.files["model.safetensors"];
  const header = parseSafetensorsHeader(
    file.subarray(8, 8 + readHeaderLength(file, file.length, "m")),
    file.length,
    "m",
  );
  return new Map([...header.tensors].map(([name, t]) => [name, decodeBfloat16(file.subarray(t.begin, t.end))]));
}

const vanillaSeries = DEMO_CHECKPOINT_STEPS.map((step) => demoCheckpoint(vanilla!, step, IDS));
const stableSeries = DEMO_CHECKPOINT_STEPS.map((step) => demoCheckpoint(stable!, step, IDS));

describe("demo checkpoints", () => {
  it("follow the probabilities each run logged: vanilla's P(<|im_end|>) jumps before its collapse, the stable run's stays low", () => {
    expect(vanilla!.key).toBe("grpo-vanilla");
    expect(plantedCollapseStep(vanilla!)).toBe(82);
    for (const c of [...vanillaSeries, ...stableSeries]) {
      for (const m of ["imEnd", "toolCall", "lbrace"] as const) {
        // bfloat16 keeps 8 significant bits of each marker weight (|w| < 4: logits within 0.03).
        const target = Math.max(c.targets[m], MIN_MARKER_PROBABILITY);
        expect(Math.abs(c.designed[m] / target - 1), `${c.step} ${m}`).toBeLessThan(0.03);
      }
    }
    const pImEnd = (series: DemoCheckpoint[]) => series.map((c) => c.designed.imEnd);
    expect(
      pImEnd(vanillaSeries)
        .slice(0, 3)
        .every((p) => p < 0.02),
    ).toBe(true);
    expect(pImEnd(vanillaSeries)[3]).toBeGreaterThan(0.6);
    expect(pImEnd(vanillaSeries)[4]).toBeGreaterThan(0.85);
    expect(pImEnd(stableSeries).every((p) => p < 0.04)).toBe(true);
  });

  it(
    "store marker weights whose softmax over the whole vocabulary, in float64, is the designed one",
    () => {
      const checkpoint = vanillaSeries[3]!;
      const head = tensors(checkpoint).get("lm_head.weight")!;
      const hidden = DEMO_MODEL_CONFIG.hidden_size;
      // At a decision point the final RMSNorm leaves only channel 7, at sqrt(8).
      const logits = Array.from(
        { length: DEMO_MODEL_CONFIG.vocab_size },
        (_, v) => Math.sqrt(hidden) * head[v * hidden + 7]!,
      );
      const max = logits.reduce((a, b) => Math.max(a, b));
      const total = logits.reduce((sum, l) => sum + Math.exp(l - max), 0);
      const p = (id: number) => Math.exp(logits[id]! - max) / total;
      expect(p(IDS.imEnd)).toBeCloseTo(checkpoint.designed.imEnd, 10);
      expect(p(IDS.toolCall)).toBeCloseTo(checkpoint.designed.toolCall, 10);
      expect(p(IDS.lbrace)).toBeCloseTo(checkpoint.designed.lbrace, 10);
    },
    SLOW_MS,
  );

  it(
    "detect <tool_call> right before a token and at no other distance up to 2,048 tokens",
    () => {
      const stored = tensors(vanillaSeries[0]!);
      const [inverse0, inverse1] = ropeInverseFrequencies(parseDecoderConfig(DEMO_MODEL_CONFIG));
      const q = stored.get("model.layers.0.self_attn.q_proj.bias")!;
      const kWeight = stored.get("model.layers.0.self_attn.k_proj.weight")!;
      const tagNormalized = 1 / Math.sqrt(1 / 8 + 1e-6); // the lone tag channel after RMSNorm
      const k = [0, 1, 2, 3].map((row) => kWeight[row * 8 + 4]! * tagNormalized);
      // Rotary pairs (0, 2) and (1, 3); the score depends only on the distance d = query - key position.
      const score = (d: number) =>
        (
          [
            [0, 2, inverse0!],
            [1, 3, inverse1!],
          ] as const
        ).reduce((sum, [re, im, f]) => {
          // The key is d positions before the query: relative to it, turned back by d · f.
          const [cos, sin] = [Math.cos(-d * f), Math.sin(-d * f)];
          return sum + q[re]! * (k[re]! * cos - k[im]! * sin) + q[im]! * (k[im]! * cos + k[re]! * sin);
        }, 0) / 2;
      expect(score(1)).toBeGreaterThan(20);
      const others = Array.from({ length: 2048 }, (_, d) => d)
        .filter((d) => d !== 1)
        .map(score);
      expect(Math.max(...others)).toBeLessThan(-20);
    },
    SLOW_MS,
  );

  it(
    "are the same bytes on every call and differ between steps only in the three marker weights",
    () => {
      const again = demoCheckpoint(vanilla!, 80, IDS);
      expect(again.files["config.json"]).toBe(vanillaSeries[3]!.files["config.json"]);
      expect(Buffer.compare(again.files["model.safetensors"], vanillaSeries[3]!.files["model.safetensors"])).toBe(0);
      const [a, b] = [tensors(vanillaSeries[0]!), tensors(vanillaSeries[4]!)];
      for (const [name, values] of a) {
        const other = b.get(name)!;
        const changed = Array.from(values).flatMap((x, i) => (x === other[i] ? [] : [i]));
        expect(changed, name).toEqual(
          name === "lm_head.weight" ? [IDS.lbrace * 8 + 7, IDS.imEnd * 8 + 7, IDS.toolCall * 8 + 7] : [],
        );
      }
    },
    SLOW_MS,
  );
});
