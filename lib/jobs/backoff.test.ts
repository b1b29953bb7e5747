import { describe, expect, it } from "vitest";
import { nextRunAfter } from "./backoff";

const now = new Date("2026-01-01T00:00:00Z");
const delay = (attempts: number) =>
  nextRunAfter(attempts, now, { baseMs: 1_000, maxMs: 10_000 }).getTime() - now.getTime();

describe("nextRunAfter", () => {
  it("doubles the delay with every attempt", () => {
    expect([1, 2, 3, 4].map(delay)).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("caps the delay, even for absurd attempt counts", () => {
    expect(delay(5)).toBe(10_000);
    expect(delay(1_000)).toBe(10_000);
  });

  it("treats zero or negative attempts as the first", () => {
    expect(delay(0)).toBe(1_000);
    expect(delay(-3)).toBe(1_000);
  });
});
