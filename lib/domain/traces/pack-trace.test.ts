import { describe, expect, it } from "vitest";
import { packTrace, unpackTrace, type PositionStats } from "./pack-trace";

const stats: PositionStats[] = [
  {
    pNext: 0.5,
    entropy: 1.25,
    tracked: [0.125, 0.25],
    top: [
      { id: 7, p: 0.5 },
      { id: 9, p: 0.25 },
    ],
  },
  { pNext: null, entropy: 0.5, tracked: [0.0625, 0.75], top: [{ id: 151645, p: 0.75 }] },
];

describe("packTrace", () => {
  it("round-trips token ids and stats through bytes, null pNext included", () => {
    const packed = packTrace([151644, 872], stats, 2);
    expect(packed.tokenIds.byteLength).toBe(8);
    expect(packed.tracked.byteLength).toBe(16);
    expect(unpackTrace(packed, 2)).toEqual({ tokenIds: [151644, 872], stats });
  });

  it("reads bytes that sit at an odd offset of a larger buffer, as database drivers return them", () => {
    const packed = packTrace([1, 2], stats, 2);
    const shifted = new Uint8Array(packed.pNext.byteLength + 1);
    shifted.set(packed.pNext, 1);
    const unpacked = unpackTrace({ ...packed, pNext: shifted.subarray(1) }, 2);
    expect(unpacked.stats.map((s) => s.pNext)).toEqual([0.5, null]);
  });

  it("refuses stats that do not cover every token", () => {
    expect(() => packTrace([1, 2, 3], stats, 2)).toThrow(/expected 3 positions, got 2/);
  });
});
