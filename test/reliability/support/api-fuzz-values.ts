// Building blocks for the write-endpoint fuzzer: hostile strings, wrong-typed values, extra keys
// (prototype-pollution names included) and JSON text that JSON.stringify cannot write by itself.
import fc from "fast-check";

/** A JSON literal spliced into the body text as-is: `1e999` (parses to Infinity), `NaN`, `01`... */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify, except that RawJson values are written verbatim and own "__proto__" keys survive. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) =>
    v instanceof RawJson ? `\u0001raw${raws.push(v.text) - 1}\u0001` : v,
  );
  return (text ?? "").replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}

/** Sets a key as an own enumerable property, so `__proto__` becomes a JSON key rather than the prototype. */
export function withKey<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

export const NAUGHTY_STRINGS = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDFFFy",
  "\u202Eevil",
  "😀",
  "e\u0301",
  "__proto__",
  "constructor",
  "NaN",
  "Infinity",
  "1e309",
  "null",
  "true",
  "../../etc/passwd",
  "C:\\Windows\\system32",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00",
  "\\",
  "\r\n",
  "\uFEFF",
];

export const naughtyString = fc.oneof(
  fc.constantFrom(...NAUGHTY_STRINGS),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);

/** A string that is not blank after trimming and has no character outside `alphabet`. */
export const solidString = (min: number, max: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789") =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });

const NON_FINITE_LITERALS = ["1e999", "-1e999"];
const INVALID_JSON_NUMBERS = ["NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1", "0x1F", "undefined", "1e"];

/** Numbers no field takes: non-finite literals (valid JSON that parses to ±Infinity) and non-JSON ones. */
export const nonFiniteNumber = fc
  .oneof(fc.constantFrom(...NON_FINITE_LITERALS), fc.constantFrom(...INVALID_JSON_NUMBERS))
  .map((t) => new RawJson(t));

const smallJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(...NAUGHTY_STRINGS),
  fc.constant([]),
  fc.constant({}),
);

export const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(smallJson, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), smallJson, { maxKeys: 2 }),
);
export const notANumber = fc.oneof(
  fc.constantFrom("1", "0", "NaN", "Infinity", "", "1e3", "0x10"),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  nonFiniteNumber,
);
export const notABoolean = fc.oneof(
  fc.constantFrom("true", "false", "1", ""),
  fc.integer(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);
export const notAnObject = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  naughtyString,
  fc.array(smallJson, { maxLength: 3 }),
);
export const notAnArray = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  naughtyString,
  fc.dictionary(fc.string({ maxLength: 5 }), smallJson, { maxKeys: 2 }),
);

/** Steps outside 0..2^31-1 or not integers. */
export const badStep = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.constantFrom(2 ** 31, 2 ** 53, 1e300, 0.5, 1.5, -0.5, 3.000001),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  notANumber,
);

/** A string that fails a `max`-character limit (non-blank, so trimming cannot rescue it). */
export const overLong = (max: number) => fc.integer({ min: max + 1, max: max + 300 }).map((n) => "x".repeat(n));

/** NUL or an unpaired surrogate somewhere inside an otherwise ordinary string. */
export const unstorable = fc
  .tuple(solidString(1, 10), fc.constantFrom("\u0000", "\uD800", "\uDFFF", "\uDBFF\u0041"), solidString(0, 10))
  .map(([a, bad, b]) => a + bad + b);

/** Nested arrays deeper than the body's nesting limit (64). */
export const tooDeep = fc
  .integer({ min: 65, max: 5_000 })
  .map((depth) => new RawJson("[".repeat(depth) + "]".repeat(depth)));

/** Extra keys a client should not send, never colliding with a real field name. */
export const extraKeys = fc.dictionary(
  fc.oneof(
    fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"),
    fc.string({ maxLength: 8 }).map((s) => `extra_${s}`),
  ),
  fc.oneof(
    smallJson,
    fc.constant({ polluted: true }),
    fc.constant(null).map(() => withKey({}, "__proto__", { polluted: true })),
  ),
  { maxKeys: 3 },
);

/** Adds `extra` to a copy of `body` as own keys (so "__proto__" is sent as a key). */
export function withExtras(body: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  for (const key of Object.keys(extra)) withKey(copy, key, extra[key]);
  return copy;
}
