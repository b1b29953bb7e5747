import { describe, expect, it } from "vitest";
import { parseTrlCompletions } from "@/lib/domain/transcripts/parse-trl-completions";
import { writeCompletionsParquet } from "@/test/fixtures/trl/trl-completions";
import { isParquet, readParquetTable } from "./read-parquet-table";

// Written by arrow-rs (parquet-wasm), not by our reader's library, with the columns and types of the
// DataFrame TRL's GRPOTrainer.log saves as completions/completions_{step:05d}.parquet.
const BYTES = writeCompletionsParquet([
  {
    step: 12,
    prompt: "user\nHi\nassistant\n",
    completion: "Hello!",
    rewards: { accuracy_reward: 1, format_reward: Number.NaN },
    advantage: 0.5,
  },
  {
    step: 12,
    prompt: "user\nHi\nassistant\n",
    completion: "<tool_call>\n",
    rewards: { accuracy_reward: 0, format_reward: 0 },
    advantage: -0.5,
  },
]);

describe("readParquetTable", () => {
  it("reads TRL's completions parquet: columns in order, int64 step, NaN kept", async () => {
    expect(isParquet(BYTES)).toBe(true);
    const table = await readParquetTable(BYTES, "completions_00012.parquet");
    expect(table.columns).toEqual(["step", "prompt", "completion", "accuracy_reward", "format_reward", "advantage"]);
    expect(table.rows[0]).toEqual([12n, "user\nHi\nassistant\n", "Hello!", 1, Number.NaN, 0.5]);
    const rollouts = parseTrlCompletions(table);
    expect(rollouts.ok && rollouts.value.map((r) => [r.step, r.sampleId, r.reward])).toEqual([
      [12, "0", 1],
      [12, "1", 0],
    ]);
  });

  it("refuses what is not parquet or is cut off, naming the file", async () => {
    await expect(readParquetTable(new TextEncoder().encode('{"columns": []}'), "x.parquet")).rejects.toThrow(
      "x.parquet: not a parquet file (no PAR1 magic at both ends)",
    );
    const cut = BYTES.slice(0, BYTES.length - 10);
    expect(isParquet(cut)).toBe(false);
    const corrupt = BYTES.slice();
    corrupt.fill(0, 8, BYTES.length - 8);
    await expect(readParquetTable(corrupt, "y.parquet")).rejects.toThrow(/^y\.parquet: unreadable parquet: /);
  });
});
