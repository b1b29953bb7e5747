import type { PositionStats } from "@/lib/domain/traces/pack-trace";
import { HEAD } from "./add-reduction-head";
import type { FeedArray } from "./model-feeds";

export type { PositionStats };

/** What the reduction head returns for one sequence, flattened row-major over positions. */
export type HeadOutputs = {
  nextLogprob: Float64Array;
  trackedLogprobs: Float64Array;
  entropy: Float64Array;
  topValues: Float64Array;
  topIndices: BigInt64Array;
};

export const HEAD_OUTPUT_NAMES = [
  HEAD.nextLogprob,
  HEAD.trackedLogprobs,
  HEAD.entropy,
  HEAD.topValues,
  HEAD.topIndices,
];

function checkIds(ids: readonly number[], vocabSize: number, what: string): void {
  const bad = ids.find((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize);
  if (bad !== undefined) throw new Error(`${what} ${bad} is outside the model's vocabulary (0..${vocabSize - 1})`);
}

/**
 * The head's inputs: each position's target is the next token (the last position gets 0, and its
 * pNext is reported as null), the tracked ids, and k clamped to the vocabulary size.
 */
export function headFeedArrays(
  tokenIds: readonly number[],
  trackedIds: readonly number[],
  topK: number,
  vocabSize: number,
): Record<string, FeedArray> {
  if (tokenIds.length === 0) throw new Error("cannot score an empty token sequence");
  if (!Number.isInteger(topK) || topK < 0) throw new Error(`topK must be a non-negative integer, got ${topK}`);
  checkIds(tokenIds, vocabSize, "token id");
  checkIds(trackedIds, vocabSize, "tracked token id");
  const targets = BigInt64Array.from(tokenIds, (_, i) => BigInt(tokenIds[i + 1] ?? 0));
  return {
    [HEAD.targetIds]: { type: "int64", data: targets, dims: [1, tokenIds.length, 1] },
    [HEAD.trackedIds]: { type: "int64", data: BigInt64Array.from(trackedIds, BigInt), dims: [trackedIds.length] },
    [HEAD.topK]: { type: "int64", data: BigInt64Array.of(BigInt(Math.min(topK, vocabSize))), dims: [1] },
  };
}

/** Turns the head's log-probabilities into per-position probabilities. */
export function toPositionStats(out: HeadOutputs, length: number, trackedCount: number): PositionStats[] {
  const k = length === 0 ? 0 : out.topValues.length / length;
  return Array.from({ length }, (_, i) => ({
    pNext: i === length - 1 ? null : Math.exp(out.nextLogprob[i]!),
    entropy: out.entropy[i]!,
    tracked: Array.from(out.trackedLogprobs.subarray(i * trackedCount, (i + 1) * trackedCount), Math.exp),
    top: Array.from({ length: k }, (_, j) => ({
      id: Number(out.topIndices[i * k + j]!),
      p: Math.exp(out.topValues[i * k + j]!),
    })),
  }));
}
