import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeDir } from "@/test/fixtures/temp-dir";
import { loadCheckpoint } from "./load-checkpoint";

// Tiny checkpoints saved by transformers' save_pretrained, each with transformers' own float64
// forward on the saved weights in reference.json (../shared/data/README.md, "hf-checkpoints"). The
// README explains the 5e-5 tolerance: transformers keeps RMSNorm, attention softmax and rotary
// angles in float32 even in a float64 model.
const ROOT = path.resolve(process.cwd(), "../shared/data/hf-checkpoints");
const FOLDERS = ["qwen2-fp32", "qwen2-bf16-sharded", "qwen3-bf16", "llama-bf16-untied"];
const TOLERANCE = 5e-5; // worst seen 2.06e-5: float32 summation order differs between CPUs

type ReferenceProbe = {
  ids: number[];
  p_next: number[];
  control: Record<string, number[]>;
  entropy: number[];
  top5: [number, number][][];
};

let root: string;
beforeAll(() => {
  root = makeTempDir("hf-reference");
});
afterAll(() => removeDir(root));

/** The folder as the README says to use it: a temporary copy with the shared tokenizer.json. */
function completeCopy(folder: string): string {
  const dir = path.join(root, folder);
  fs.cpSync(path.join(ROOT, folder), dir, { recursive: true });
  fs.copyFileSync(path.join(ROOT, "tokenizer.json"), path.join(dir, "tokenizer.json"));
  for (const file of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, file), 0o444);
  return dir;
}

describe("graph built from config.json + safetensors vs transformers' float64 forward", () => {
  it.each(FOLDERS)(
    "%s matches reference.json to 5e-5 in every traced probability and the entropy",
    async (folder) => {
      const dir = completeCopy(folder);
      const reference = JSON.parse(fs.readFileSync(path.join(dir, "reference.json"), "utf8")) as {
        probes: Record<string, ReferenceProbe>;
      };
      const before = fs.readdirSync(dir).sort();
      const { format, model, tokenizer } = await loadCheckpoint(dir, { device: "cpu" });
      // Registered folders may be read-only: the replay writes nothing next to the weights.
      expect(fs.readdirSync(dir).sort()).toEqual(before);
      try {
        expect(format).toBe("safetensors");
        const worst: Record<string, number> = { pNext: 0, control: 0, entropy: 0, top5: 0 };
        const near = (actual: number, expected: number, what = "pNext") => {
          worst[what] = Math.max(worst[what]!, Math.abs(actual - expected));
          expect(Math.abs(actual - expected)).toBeLessThan(TOLERANCE);
        };
        for (const probe of Object.values(reference.probes)) {
          const controls = Object.keys(probe.control);
          const stats = await model.score(
            probe.ids,
            controls.map((text) => tokenizer.tokenId(text)),
            5,
          );
          stats.forEach((s, i) => {
            if (i < probe.p_next.length) near(s.pNext!, probe.p_next[i]!);
            controls.forEach((text, j) => near(s.tracked[j]!, probe.control[text]![i]!, "control"));
            near(s.entropy, probe.entropy[i]!, "entropy");
            s.top.forEach((t, j) => {
              const [id, p] = probe.top5[i]![j]!;
              near(t.p, p, "top5");
              // Ties closer than the tolerance may swap places; otherwise the ids agree.
              if (
                Math.abs(p - (probe.top5[i]![j + 1]?.[1] ?? -1)) > TOLERANCE &&
                Math.abs(p - (probe.top5[i]![j - 1]?.[1] ?? -1)) > TOLERANCE
              ) {
                expect(t.id).toBe(id);
              }
            });
          });
        }
        console.log(
          `${folder}: max |Δ| ${Object.entries(worst)
            .map(([k, v]) => `${k} ${v.toExponential(2)}`)
            .join(", ")}`,
        );
      } finally {
        await model.close();
      }
    },
    60_000,
  );
});
