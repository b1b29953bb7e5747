import { describe, expect, it } from "vitest";
import { createRng, seedOf } from "./prng";

describe("createRng", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRng(seed).next);
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 100 }, () => a.next())).toEqual(Array.from({ length: 100 }, () => b.next()));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it("stays in range", () => {
    const rng = createRng(7);
    for (let i = 0; i < 1_000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const k = rng.int(-2, 3);
      expect(Number.isInteger(k) && k >= -2 && k <= 3).toBe(true);
    }
    expect(() => rng.pick([])).toThrow();
  });
});

describe("seedOf", () => {
  it("is stable and separates its parts", () => {
    expect(seedOf("run", 1)).toBe(seedOf("run", 1));
    expect(seedOf("run", 1)).not.toBe(seedOf("run", 2));
    expect(seedOf("ab", "c")).not.toBe(seedOf("a", "bc"));
  });
});
