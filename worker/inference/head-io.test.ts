import { describe, expect, it } from "vitest";
import { HEAD } from "./add-reduction-head";
import { headFeedArrays, toPositionStats } from "./head-io";

describe("headFeedArrays", () => {
  it("targets the next token at each position and 0 at the last", () => {
    const feeds = headFeedArrays([10, 11, 12], [7], 5, 100);
    expect(feeds[HEAD.targetIds]).toEqual({ type: "int64", data: BigInt64Array.of(11n, 12n, 0n), dims: [1, 3, 1] });
    expect(feeds[HEAD.trackedIds]).toEqual({ type: "int64", data: BigInt64Array.of(7n), dims: [1] });
    expect(feeds[HEAD.topK]?.data).toEqual(BigInt64Array.of(5n));
  });

  it("clamps k to the vocabulary and rejects ids outside it", () => {
    expect(headFeedArrays([1], [], 500, 100)[HEAD.topK]?.data).toEqual(BigInt64Array.of(100n));
    expect(() => headFeedArrays([1, 100], [], 5, 100)).toThrow(
      "token id 100 is outside the model's vocabulary (0..99)",
    );
    expect(() => headFeedArrays([1], [-1], 5, 100)).toThrow("tracked token id -1 is outside");
    expect(() => headFeedArrays([], [], 5, 100)).toThrow("empty token sequence");
    expect(() => headFeedArrays([1], [], 1.5, 100)).toThrow("topK must be a non-negative integer");
  });
});

describe("toPositionStats", () => {
  it("exponentiates log-probabilities per position and reports no next token at the end", () => {
    const stats = toPositionStats(
      {
        nextLogprob: Float64Array.of(Math.log(0.5), 0),
        trackedLogprobs: Float64Array.of(Math.log(0.25), Math.log(0.125), Math.log(0.5), Math.log(0.0625)),
        entropy: Float64Array.of(1.5, 0.25),
        topValues: Float64Array.of(Math.log(0.5), Math.log(0.25), Math.log(0.75), Math.log(0.125)),
        topIndices: BigInt64Array.of(3n, 9n, 4n, 1n),
      },
      2,
      2,
    );
    expect(stats[0]?.pNext).toBeCloseTo(0.5, 6);
    expect(stats[1]?.pNext).toBeNull();
    expect(stats[0]?.tracked.map((p) => p.toFixed(4))).toEqual(["0.2500", "0.1250"]);
    expect(stats[1]?.tracked.map((p) => p.toFixed(4))).toEqual(["0.5000", "0.0625"]);
    expect(stats.map((s) => s.entropy)).toEqual([1.5, 0.25]);
    expect(stats[1]?.top.map((t) => [t.id, t.p.toFixed(4)])).toEqual([
      [4, "0.7500"],
      [1, "0.1250"],
    ]);
  });
});
