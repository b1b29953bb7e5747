import { z } from "zod";

/** How a non-finite metric value travels in JSON (API bodies and replies, imports) and sits in the database. */
export const NON_FINITE_NAMES = ["NaN", "Infinity", "-Infinity"] as const;
export type NonFiniteName = (typeof NON_FINITE_NAMES)[number];

/** A metric value on the wire: a JSON number, or the name of a non-finite value. */
export type WireValue = number | NonFiniteName;

/**
 * Accepts a finite JSON number or "NaN" / "Infinity" / "-Infinity" (read with `fromWireValue`). No
 * transform: a batch holds up to 100,000 values, and zod's transform step doubled validation time.
 */
export const WireValueSchema = z.union([z.number(), z.enum(NON_FINITE_NAMES)], {
  error: 'expected a number or one of "NaN", "Infinity", "-Infinity"',
});

/** "NaN", "Infinity" or "-Infinity" for a non-finite number, else null. */
export function nonFiniteName(value: number): NonFiniteName | null {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return null;
}

export function toWireValue(value: number): WireValue {
  return nonFiniteName(value) ?? value;
}

export function fromWireValue(value: WireValue): number {
  return typeof value === "number" ? value : Number(value);
}

/**
 * A stored value back as a number: the database keeps a non-finite value as value NULL plus its name,
 * since SQLite stores NaN as NULL and PostgreSQL sorts NaN above every number.
 */
export function fromStoredValue(value: number | null, nonFinite: string | null): number {
  if (nonFinite !== null) return Number(nonFinite);
  return value ?? Number.NaN;
}

/**
 * Parses a metric value written as text (a CSV cell, a console log): a decimal number, or NaN / inf
 * in the spellings Python, W&B and PyTorch print (`nan`, `inf`, `-inf`, `Infinity`). Null otherwise.
 */
export function parseMetricText(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const special = /^([+-]?)(nan|inf|infinity)$/i.exec(trimmed);
  if (special) return special[2]!.toLowerCase() === "nan" ? Number.NaN : special[1] === "-" ? -Infinity : Infinity;
  const value = Number(trimmed);
  return Number.isFinite(value) && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) ? value : null;
}

/**
 * A JSON.stringify replacer that writes non-finite numbers by name instead of as null, so replies
 * carrying metric values keep NaN and ±Infinity (every other number in them is finite).
 */
export function nonFiniteAsName(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

/** Reads series points back from a reply written with `nonFiniteAsName`. */
export function pointsFromWire(
  points: readonly { step: number; value: WireValue }[],
): { step: number; value: number }[] {
  return points.map(({ step, value }) => ({ step, value: fromWireValue(value) }));
}
