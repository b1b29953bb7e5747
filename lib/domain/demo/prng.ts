/** A seeded pseudo-random source: the demo simulator's only randomness (never Math.random). */
export type Rng = {
  /** uniform in [0, 1) */
  next(): number;
  /** true with probability p */
  chance(p: number): boolean;
  /** an integer in [min, max] */
  int(min: number, max: number): number;
  /** one element of a non-empty list */
  pick<T>(items: readonly T[]): T;
  /** approximately normal with mean 0 and standard deviation 1 (sum of 4 uniforms, scaled) */
  gauss(): number;
};

/**
 * mulberry32: a 32-bit state generator, fast and good enough for simulated data. The same seed always
 * gives the same sequence on every platform, since it uses only 32-bit integer arithmetic.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    gauss: () => (next() + next() + next() + next() - 2) * Math.sqrt(3),
  };
}

/** A 32-bit seed from any mix of numbers and strings (FNV-1a over their text), for independent streams. */
export function seedOf(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join("\u0000")) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
