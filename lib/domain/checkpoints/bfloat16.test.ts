import { describe, expect, it } from "vitest";
import { decodeBfloat16, encodeBfloat16, fromBfloat16Bits, roundToBfloat16, toBfloat16Bits } from "./bfloat16";

describe("bfloat16", () => {
  it("keeps values bfloat16 holds exactly", () => {
    for (const [value, bits] of [
      [1, 0x3f80],
      [-2, 0xc000],
      [0, 0x0000],
      [0.5, 0x3f00],
      [64, 0x4280],
      [Infinity, 0x7f80],
    ] as const) {
      expect(toBfloat16Bits(value)).toBe(bits);
      expect(fromBfloat16Bits(bits)).toBe(value);
    }
  });

  it("rounds to the nearest bfloat16, ties to even (as torch does)", () => {
    const ulp = 2 ** -7; // spacing of bfloat16 in [1, 2)
    expect(roundToBfloat16(1 + ulp / 2)).toBe(1); // tie: 1 has an even mantissa
    expect(roundToBfloat16(1 + (3 * ulp) / 2)).toBe(1 + 2 * ulp); // tie: up to the even neighbour
    expect(roundToBfloat16(1 + ulp / 2 + 2 ** -20)).toBe(1 + ulp); // just past the tie
    expect(roundToBfloat16(Math.PI)).toBe(3.140625);
    expect(roundToBfloat16(-0.1)).toBeCloseTo(-0.10009765625, 12);
    expect(roundToBfloat16(3.4e38)).toBe(Infinity); // past the largest bfloat16 (3.3895e38)
    expect(Number.isNaN(roundToBfloat16(NaN))).toBe(true);
  });

  it("writes and reads little-endian bytes", () => {
    const bytes = encodeBfloat16([1, -2, 0.15625]);
    expect([...bytes]).toEqual([0x80, 0x3f, 0x00, 0xc0, 0x20, 0x3e]);
    expect([...decodeBfloat16(bytes)]).toEqual([1, -2, 0.15625]);
  });
});
