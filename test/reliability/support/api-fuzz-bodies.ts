// Malformed requests for every JSON write endpoint. Each case starts from a valid body and breaks it
// in one named way (wrong type, missing field, out of range, over a limit, unstorable text, too deep),
// then adds noise that must not matter (extra and prototype-pollution keys, any content type), or is
// not a JSON object at all. Every case must be refused: none may write anything.
import fc from "fast-check";
import { NON_FINITE_NAMES } from "@/lib/domain/series/metric-value";
import { EVAL_KINDS, RUN_STATUSES, SCHEMES, SPLITS } from "@/lib/domain/ingest/schemas";
import { normalizeRole } from "@/lib/domain/transcripts/parse-messages";
import { TEST_API_TOKEN, TEST_MAX_BODY_BYTES } from "@/test/global-setup";
import { COLLAPSED_TURN, HEALTHY_CALL_TURN } from "@/test/helpers";
import {
  badStep,
  extraKeys,
  naughtyString,
  nonFiniteNumber,
  notABoolean,
  notAnArray,
  notANumber,
  notAnObject,
  notAString,
  overLong,
  solidString,
  toJsonText,
  tooDeep,
  unstorable,
  withExtras,
} from "./api-fuzz-values";

export type FuzzCase = { mutation: string; body: string; contentType: string | null; authorization: string | null };
type Body = Record<string, unknown>;
type Mutations = Record<string, fc.Arbitrary<Body>>;

const BEARER = `Bearer ${TEST_API_TOKEN}`;
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  null,
);
const set = (body: Body, key: string, value: unknown): Body => ({ ...body, [key]: value });
const omit = (body: Body, key: string): Body => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
/** `items` with `bad` put at position `at` (modulo its length + 1). */
const insertAt = <T>(items: T[], bad: T, at: number): T[] => items.toSpliced(at % (items.length + 1), 0, bad);
const notIn = (allowed: readonly string[]) => naughtyString.filter((s) => !allowed.includes(s));

// ---- runs ----------------------------------------------------------------------------------------

const validRunFields = fc.record(
  {
    model: solidString(1, 20),
    regime: solidString(1, 20),
    scheme: fc.constantFrom(...SCHEMES),
    rlLr: fc.double({ min: 1e-6, max: 1, noNaN: true }),
    seed: fc.integer(),
    phases: fc.constant([{ kind: "rl", startStep: 0, endStep: 10 }]),
    config: fc.dictionary(solidString(1, 8), fc.oneof(fc.integer(), naughtyString), { maxKeys: 3 }),
    status: fc.constantFrom(...RUN_STATUSES),
  },
  { requiredKeys: [] },
);
const validRun = fc
  .tuple(validRunFields, solidString(1, 30))
  .map(([fields, name]) => ({ ...fields, name: `fuzz-${name}` }) as Body);

const badLearningRate = fc.oneof(
  fc.double({ max: 0 }),
  fc.double({ min: 1.000001, noNaN: true, noDefaultInfinity: true }),
  notANumber,
);
const badPhases = fc.oneof(
  notAnArray,
  fc.constant([{ kind: "ppo", startStep: 0, endStep: 1 }]),
  fc
    .tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }))
    .map(([start, less]) => [{ kind: "rl", startStep: start, endStep: Math.max(0, start - 1 - less) }]),
  badStep.map((step) => [{ kind: "sft", startStep: step, endStep: 5 }]),
);

/** Mutations of the optional run fields, shared by POST /api/runs and PATCH /api/runs/:id. */
function runFieldMutations(base: fc.Arbitrary<Body>): Mutations {
  const change = (key: string, bad: fc.Arbitrary<unknown>) =>
    fc.tuple(base, bad).map(([body, value]) => set(body, key, value));
  return {
    "model wrong type": change("model", notAString),
    "model blank, too long or unstorable": change(
      "model",
      fc.oneof(fc.constantFrom("", "  "), overLong(200), unstorable),
    ),
    "regime not a label": change(
      "regime",
      fc.oneof(notAString, fc.constantFrom("", " "), overLong(64), solidString(1, 10, " /<>é😀#?\\")),
    ),
    "scheme not allowed": change("scheme", fc.oneof(notIn(SCHEMES), notAString)),
    "rlLr out of (0, 1]": change("rlLr", badLearningRate),
    "sftLr out of (0, 1]": change("sftLr", badLearningRate),
    "seed not an integer": change(
      "seed",
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
        notANumber,
      ),
    ),
    "phases invalid": change("phases", badPhases),
    "config not an object": change("config", notAnObject),
    "config nested too deep": change(
      "config",
      tooDeep.map((deep) => ({ a: deep })),
    ),
    "status not allowed": change("status", fc.oneof(notIn(RUN_STATUSES), notAString)),
  };
}

export const createRunMutations: Mutations = {
  "name missing": validRun.map((body) => omit(body, "name")),
  "name wrong type": fc.tuple(validRun, notAString).map(([body, name]) => set(body, "name", name)),
  "name blank": fc.tuple(validRun, fc.constantFrom("", " ", "\t\n ")).map(([body, name]) => set(body, "name", name)),
  "name too long": fc.tuple(validRun, overLong(200)).map(([body, name]) => set(body, "name", name)),
  "name unstorable": fc.tuple(validRun, unstorable).map(([body, name]) => set(body, "name", name)),
  ...runFieldMutations(validRun),
};

// A PATCH body has only optional fields: `{}` is valid, so only present-but-wrong fields break it.
export const updateRunMutations: Mutations = runFieldMutations(validRunFields as fc.Arbitrary<Body>);

// ---- metrics -------------------------------------------------------------------------------------

const validPoint = fc.record({
  step: fc.integer({ min: 0, max: 1_000_000 }),
  key: solidString(1, 20),
  value: fc.double({ noNaN: true, noDefaultInfinity: true }),
});
const badPoint = fc.oneof(
  fc.tuple(validPoint, badStep).map(([p, step]) => ({ ...p, step })),
  fc
    .tuple(validPoint, fc.oneof(notAString, fc.constant(""), overLong(200), unstorable))
    .map(([p, key]) => ({ ...p, key })),
  // "NaN", "Infinity" and "-Infinity" are valid metric values (non-finite values by name); 1e999 and bare NaN are not
  fc
    .tuple(
      validPoint,
      fc.oneof(
        notANumber.filter((v) => !(NON_FINITE_NAMES as readonly unknown[]).includes(v)),
        nonFiniteNumber,
      ),
    )
    .map(([p, value]) => ({ ...p, value })),
  fc.tuple(validPoint, fc.constantFrom("step", "key", "value")).map(([p, key]) => omit(p, key)),
  notAnObject,
);
const pointsWith = (bad: fc.Arbitrary<unknown>) =>
  fc
    .tuple(fc.array(validPoint, { maxLength: 20 }), bad, fc.nat())
    .map(([points, p, at]) => ({ points: insertAt<unknown>(points, p, at) }));

export const metricMutations: Mutations = {
  "points missing": fc.constant({}),
  "points not an array": notAnArray.map((points) => ({ points })),
  "points empty": fc.constant({ points: [] }),
  "one bad point in the batch": pointsWith(badPoint),
  "point nested too deep": pointsWith(tooDeep.map((deep) => ({ step: 1, key: "k", value: deep }))),
};

// ---- rollouts ------------------------------------------------------------------------------------

const validRollout = fc.record(
  {
    step: fc.integer({ min: 0, max: 1_000_000 }),
    sampleId: fc.oneof(solidString(1, 20), fc.nat()),
    text: fc.constantFrom(COLLAPSED_TURN, HEALTHY_CALL_TURN, "plain text"),
    reward: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
    tools: fc.array(solidString(1, 10), { maxLength: 3 }),
    truncated: fc.boolean(),
    meta: fc.dictionary(solidString(1, 8), naughtyString, { maxKeys: 3 }),
  },
  { requiredKeys: ["step", "sampleId", "text"] },
) as fc.Arbitrary<Body>;

const badRole = fc.oneof(
  naughtyString.filter((r) => normalizeRole(r) === null),
  fc.constantFrom("__proto__", "constructor", "toString", "valueOf"),
  notAString,
);
const badMessages = fc.oneof(
  fc.constant([]),
  notAnArray,
  badRole.map((role) => [
    { role: "user", content: "hi" },
    { role, content: "x" },
  ]),
  fc.oneof(fc.integer(), fc.boolean(), fc.constant({ a: 1 })).map((content) => [{ role: "user", content }]),
  fc.oneof(fc.integer(), naughtyString, fc.constant(null)).map((message) => [message]),
);
const change = (key: string, bad: fc.Arbitrary<unknown>) =>
  fc.tuple(validRollout, bad).map(([r, value]) => set(r, key, value));
const badRollout: Record<string, fc.Arbitrary<unknown>> = {
  "step out of range": change("step", badStep),
  "sampleId invalid": change(
    "sampleId",
    fc.oneof(
      fc.constantFrom("", true, null),
      overLong(200),
      unstorable,
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
      fc.constant([]),
      fc.constant({}),
    ),
  ),
  "both text and messages": validRollout.map((r) => set(r, "messages", [{ role: "user", content: "x" }])),
  "neither text nor messages": validRollout.map((r) => omit(r, "text")),
  "split not allowed": change("split", fc.oneof(notIn(SPLITS), notAString)),
  "evalKind outside the eval split": fc
    .tuple(validRollout, fc.constantFrom(...EVAL_KINDS), fc.constantFrom("train", "val", undefined))
    .map(([r, evalKind, split]) => ({ ...r, evalKind, split })),
  "evalKind not allowed": fc
    .tuple(validRollout, notIn(EVAL_KINDS))
    .map(([r, evalKind]) => ({ ...r, split: "eval", evalKind })),
  "messages invalid": fc
    .tuple(validRollout, badMessages)
    .map(([r, messages]) => set(omit(r, "text"), "messages", messages)),
  "text not a string": change("text", notAString),
  "reward not finite": change(
    "reward",
    fc.oneof(nonFiniteNumber, fc.constantFrom("1", "NaN", true), fc.constant([]), fc.constant({})),
  ),
  "tools invalid": change(
    "tools",
    fc.oneof(
      notAnArray,
      fc.constant([""]),
      overLong(200).map((t) => [t]),
      notAString.map((t) => [t]),
    ),
  ),
  "flag not a boolean": fc
    .tuple(validRollout, fc.constantFrom("truncated", "offPolicy"), notABoolean)
    .map(([r, key, v]) => set(r, key, v)),
  "meta not an object": change("meta", notAnObject),
  "meta nested too deep": change(
    "meta",
    tooDeep.map((deep) => ({ deep })),
  ),
  "rollout not an object": notAnObject,
};
const rolloutsWith = (bad: fc.Arbitrary<unknown>) =>
  fc
    .tuple(fc.array(validRollout, { maxLength: 4 }), bad, fc.nat())
    .map(([rollouts, r, at]) => ({ rollouts: insertAt<unknown>(rollouts, r, at) }));

export const rolloutMutations: Mutations = {
  "rollouts missing": fc.constant({}),
  "rollouts not an array": notAnArray.map((rollouts) => ({ rollouts })),
  "rollouts empty": fc.constant({ rollouts: [] }),
  ...Object.fromEntries(Object.entries(badRollout).map(([name, bad]) => [`one rollout: ${name}`, rolloutsWith(bad)])),
};

// ---- probes --------------------------------------------------------------------------------------

const validProbe = fc.record({ name: solidString(1, 20), text: solidString(1, 50) }) as fc.Arbitrary<Body>;
const changeProbe = (key: string, bad: fc.Arbitrary<unknown>) =>
  fc.tuple(validProbe, bad).map(([p, value]) => set(p, key, value));
const badProbe = fc.oneof(
  changeProbe(
    "name",
    fc.oneof(fc.constantFrom("", "   "), overLong(100), solidString(1, 10, "/<>é😀#?\\"), notAString),
  ),
  validProbe.map((p) => set(p, "messages", [{ role: "user", content: "x" }])),
  validProbe.map((p) => omit(p, "text")),
  changeProbe("text", fc.oneof(fc.constant(""), overLong(100_000), notAString, unstorable)),
  fc
    .tuple(
      validProbe,
      fc.oneof(
        fc.constant([]),
        notAnArray,
        notIn(["system", "user", "assistant", "tool"]).map((role) => [{ role, content: "x" }]),
        notAString.map((content) => [{ role: "user", content }]),
        fc.constant(Array.from({ length: 201 }, () => ({ role: "user", content: "x" }))),
      ),
    )
    .map(([p, messages]) => set(omit(p, "text"), "messages", messages)),
  notAnObject,
);

export const probeMutations: Mutations = {
  "probes missing": fc.constant({}),
  "probes not an array": notAnArray.map((probes) => ({ probes })),
  "probes empty": fc.constant({ probes: [] }),
  "more than 64 probes": fc.array(validProbe, { minLength: 65, maxLength: 70 }).map((probes) => ({ probes })),
  "one bad probe": fc
    .tuple(fc.array(validProbe, { maxLength: 4 }), badProbe, fc.nat())
    .map(([probes, p, at]) => ({ probes: insertAt<unknown>(probes, p, at) })),
};

// ---- checkpoint registration by path ------------------------------------------------------------

const validRegistration = fc.record({
  step: fc.nat({ max: 1_000_000 }),
  path: solidString(1, 30).map((p) => `/ckpt/${p}`),
});
const changeRegistration = (key: string, bad: fc.Arbitrary<unknown>) =>
  fc.tuple(validRegistration, bad).map(([body, value]) => set(body, key, value));

export const registrationMutations: Mutations = {
  "step missing": validRegistration.map((body) => omit(body, "step")),
  "step invalid": changeRegistration("step", badStep),
  "path missing": validRegistration.map((body) => omit(body, "path")),
  "path not a string": changeRegistration("path", notAString),
  "path empty or over 4096 characters": changeRegistration("path", fc.oneof(fc.constant(""), overLong(4096))),
  "path with a NUL": changeRegistration(
    "path",
    solidString(1, 10).map((p) => `/ckpt/${p}\u0000.sh`),
  ),
};

// ---- bodies that are not a JSON object, and requests without a valid token -------------------------

const INVALID_JSON = [
  "{",
  "}",
  "[",
  '{"a":}',
  "{'name':'x'}",
  '{"name":"x",}',
  '{"name": NaN}',
  "undefined",
  "\uFEFF{}",
  '{"name":"x"} trailing',
  "/* c */ {}",
  '{"a":"\\u12"}',
  "nul",
  '{"a" 1}',
  '{"a":1}}',
];

/** True when `text` parses to a JSON object: garbage must never be one (`{}` is a valid PATCH). */
function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function notAJsonObject(valid: fc.Arbitrary<Body>): Record<string, fc.Arbitrary<string>> {
  return {
    "invalid JSON text": fc.constantFrom(...INVALID_JSON),
    "truncated JSON": fc.tuple(valid, fc.nat()).map(([body, cut]) => {
      const text = toJsonText(body);
      return text.slice(0, 1 + (cut % (text.length - 1)));
    }),
    "random bytes": fc
      .uint8Array({ maxLength: 64 })
      .map((bytes) => Buffer.from(bytes).toString("utf8"))
      .filter((text) => !isJsonObject(text)),
    "JSON that is not an object": fc
      .oneof(fc.integer(), naughtyString, fc.array(fc.integer(), { maxLength: 3 }), fc.constant(null), fc.boolean())
      .map((v) => JSON.stringify(v)),
    "empty body": fc.constantFrom("", " ", "\n\t"),
    "nested too deep at the top": tooDeep.map((deep) => toJsonText({ a: deep })),
  };
}

const BAD_AUTHORIZATION = [
  null,
  "",
  "Bearer",
  "Bearer ",
  "Basic dXNlcjpwYXNz",
  "Bearer wrong-token-0123456789abcdef",
  `Bearer ${TEST_API_TOKEN}x`,
  TEST_API_TOKEN,
  `Token ${TEST_API_TOKEN}`,
  `Bearer ${TEST_API_TOKEN} extra`,
];

/** All malformed requests of one JSON endpoint; `valid` is a body the endpoint would accept. */
export function fuzzCases(mutations: Mutations, valid: fc.Arbitrary<Body>): fc.Arbitrary<FuzzCase> {
  const broken = Object.entries(mutations).map(([mutation, body]) =>
    fc.tuple(body, extraKeys, contentType).map(([b, extra, type]): FuzzCase => ({
      mutation,
      body: toJsonText(withExtras(b, extra)),
      contentType: type,
      authorization: BEARER,
    })),
  );
  const garbage = Object.entries(notAJsonObject(valid)).map(([mutation, text]) =>
    fc
      .tuple(text, contentType)
      .map(([body, type]): FuzzCase => ({ mutation, body, contentType: type, authorization: BEARER })),
  );
  const unauthorised = fc.tuple(valid, fc.constantFrom(...BAD_AUTHORIZATION)).map(([b, authorization]): FuzzCase => ({
    mutation: "no valid token",
    body: toJsonText(b),
    contentType: "application/json",
    authorization,
  }));
  const oversize = fc.constant(null).map((): FuzzCase => ({
    mutation: "body over the size limit",
    body: `{"pad":"${"x".repeat(TEST_MAX_BODY_BYTES)}"}`,
    contentType: "application/json",
    authorization: BEARER,
  }));
  return fc.oneof(
    ...[...broken, ...garbage].map((arbitrary) => ({ arbitrary, weight: 10 })),
    { arbitrary: unauthorised, weight: 10 },
    { arbitrary: oversize, weight: 1 },
  );
}

export const VALID_BODIES = {
  createRun: validRun,
  updateRun: validRunFields as fc.Arbitrary<Body>,
  metrics: fc.array(validPoint, { minLength: 1, maxLength: 5 }).map((points) => ({ points })),
  rollouts: fc.array(validRollout, { minLength: 1, maxLength: 3 }).map((rollouts) => ({ rollouts })),
  probes: fc.array(validProbe, { minLength: 1, maxLength: 3 }).map((probes) => ({ probes })),
  registration: validRegistration as fc.Arbitrary<Body>,
};
