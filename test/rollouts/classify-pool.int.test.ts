import fs from "node:fs";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { prepareStorableRollout } from "@/lib/domain/ingest/prepare-rollout";
import { parseAcebenchTable } from "@/lib/domain/transcripts/parse-acebench-table";
import { prepareRollouts, startClassifyPool } from "@/lib/server/rollouts/classify-pool";

const MULTI_TURN = path.resolve(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "data",
  "acebench-dialogues",
  "multi_turn",
);
const skipReason = fs.existsSync(MULTI_TURN) ? null : `no shared ACEBench data at ${MULTI_TURN}`;

function realRollouts() {
  return fs.readdirSync(MULTI_TURN).flatMap((folder) =>
    fs.readdirSync(path.join(MULTI_TURN, folder)).map((file, i) => {
      const parsed = parseAcebenchTable(fs.readFileSync(path.join(MULTI_TURN, folder, file), "utf8"));
      if (!parsed.ok) throw new Error(`${folder}/${file} does not parse`);
      return { step: 0, sampleId: `${folder}/${i}`, split: "train" as const, messages: parsed.value.messages };
    }),
  );
}

// One thread whatever the machine (the default is cores - 1, none on one core); read when the pool starts.
process.env.SPIKEWATCH_CLASSIFY_THREADS ??= "1";

describe.skipIf(skipReason)(`classify pool${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  it("gives every real ACEBench rollout the request thread's classification, in input order", async () => {
    expect(await startClassifyPool()).toBeGreaterThan(0);
    const inputs = [
      ...realRollouts(),
      { step: 1, sampleId: "bad", split: "train" as const, messages: [{ role: "nobody", content: "x" }] },
    ];
    const pooled = await prepareRollouts(inputs);
    expect(pooled).toEqual(inputs.map((input) => prepareStorableRollout(input)));
    expect(pooled.at(-1)!.ok).toBe(false);
  }, 120_000);

  // Last: the pool drops a thread that died, so later tests in this file would have none.
  it("finishes a batch whose thread dies halfway, on the calling thread", async () => {
    expect(await startClassifyPool()).toBeGreaterThan(0);
    const inputs = realRollouts();
    const { threads } = (globalThis as { spikewatchClassifyPool?: { threads: { worker: Worker }[] } })
      .spikewatchClassifyPool!;
    const pooled = prepareRollouts(inputs);
    await threads[0]!.worker.terminate();
    expect(await pooled).toEqual(inputs.map((input) => prepareStorableRollout(input)));
    expect(await startClassifyPool()).toBe(0);
  }, 120_000);
});
