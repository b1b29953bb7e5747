import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as capabilityRoute from "@/app/api/checkpoints/[id]/capability/route";
import * as tracesRoute from "@/app/api/checkpoints/[id]/traces/route";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { buildCheckpoint, SPIKE_SERIES_BOOSTS } from "../fixtures/tiny-lm/checkpoint-series";
import { referenceLogProbs } from "../fixtures/tiny-lm/reference-forward";
import { resolveSpec } from "../fixtures/tiny-lm/tiny-lm-spec";
import { call } from "../helpers";
import { newRun, replay, upload } from "./replay-helpers";

type Token = { id: number; text: string };

let fixtures: string;
let runId: string;
const ids: string[] = [];

beforeAll(async () => {
  fixtures = makeTempDir("capability");
  runId = await newRun();
  for (const [i, imEndBoost] of SPIKE_SERIES_BOOSTS.entries()) {
    const res = await upload(runId, (i + 1) * 100, buildCheckpoint(fixtures, `boost-${i}`, { imEndBoost }));
    ids.push(res.json.checkpointId);
    await replay(res.json.checkpointId);
  }
}, 240_000);
afterAll(() => removeDir(fixtures));

const capability = (id: string, query: Record<string, string>) =>
  call(capabilityRoute.GET, "GET", { params: { id }, query });

/**
 * The check recomputed from the tiny LM's float64 forward pass over the whole vocabulary: zero the
 * suppressed token at d, divide by the new sum, multiply the call's probabilities, argmax each row.
 */
function expectedPoint(imEndBoost: number, tokens: Token[], d: number, suppressedId: number) {
  const rows = referenceLogProbs(
    resolveSpec({ hidden: 8, imEndBoost }),
    tokens.map((t) => t.id),
  ).map((row) => Array.from(row, Math.exp));
  const end = tokens.findIndex((t, i) => i > d && (t.text === "</tool_call>" || t.text === "<|im_end|>"));
  const suppressedRow = rows[d]!.map((p, id) => (id === suppressedId ? 0 : p));
  const mass = suppressedRow.reduce((s, p) => s + p, 0);
  const after = rows.map((row, i) => (i === d ? suppressedRow.map((p) => p / mass) : row));
  const likelihood = (dist: number[][]) => tokens.slice(d + 1, end + 1).reduce((l, t, k) => l * dist[d + k]![t.id]!, 1);
  const isGreedy = (dist: number[][]) => tokens.slice(d + 1, end + 1).every((t, k) => argmax(dist[d + k]!) === t.id);
  return {
    tokens: end - d,
    pSuppressed: rows[d]![suppressedId]!,
    pBefore: rows[d]![tokens[d + 1]!.id]!,
    pAfter: after[d]![tokens[d + 1]!.id]!,
    likelihoodBefore: likelihood(rows),
    likelihoodAfter: likelihood(after),
    greedyBefore: isGreedy(rows),
    greedyAfter: isGreedy(after),
  };
}

function argmax(row: number[]): number {
  return row.reduce((best, p, id) => (p > row[best]! ? id : best), 0);
}

function expectRelative(actual: number, expected: number) {
  expect(Math.abs(actual / expected - 1)).toBeLessThan(1e-4);
}

describe("GET /api/checkpoints/:id/capability", () => {
  it.each([3, 0])("matches suppress-renormalise-multiply over the full softmax on checkpoint %i", async (index) => {
    const imEndBoost = SPIKE_SERIES_BOOSTS[index]!;
    const trace = (await call(tracesRoute.GET, "GET", { params: { id: ids[index]! }, query: { probe: "decision" } }))
      .json;
    const res = await capability(ids[index]!, { probe: "decision" });
    expect(res.status).toBe(200);
    // Checkpoint 3 has the <|im_end|> spike alert, checkpoint 0 none: both fall on <|im_end|>.
    expect(res.json).toMatchObject({
      checkpointId: ids[index],
      step: (index + 1) * 100,
      probe: "decision",
      method: "teacher-forced renormalisation",
    });
    expect(res.json.suppressedToken).toEqual({ id: 151645, text: "<|im_end|>" });
    expect(res.json.decisionPoints.map((p: any) => p.position)).toEqual(
      trace.decisionPoints.map((p: any) => p.position),
    );

    const point = res.json.decisionPoints[0];
    const expected = expectedPoint(imEndBoost, trace.tokens, point.position, 151645);
    expect(point).toMatchObject({
      tokens: expected.tokens,
      callEnd: "</tool_call>",
      greedyBefore: expected.greedyBefore,
      greedyAfter: expected.greedyAfter,
      isFirstTokenSuppressed: false,
    });
    expect(point.firstToken).toMatchObject({ text: '{"' });
    expectRelative(point.pSuppressed, expected.pSuppressed);
    expectRelative(point.firstToken.pBefore, expected.pBefore);
    expectRelative(point.firstToken.pAfter, expected.pAfter);
    expectRelative(point.likelihoodBefore, expected.likelihoodBefore);
    expectRelative(point.likelihoodAfter, expected.likelihoodAfter);
    expect(point.logLikelihoodBefore).toBeCloseTo(Math.log(expected.likelihoodBefore), 4);
    expect(point.logLikelihoodAfter).toBeCloseTo(Math.log(expected.likelihoodAfter), 4);
    if (index === 3) expect(point.pSuppressed).toBeGreaterThan(0.5);
  });

  it("shows the capability intact: with <|im_end|> suppressed, the spiked checkpoint scores the call as the healthy one does", async () => {
    // The planted boost touches only the <|im_end|> logit at the decision point, so renormalising it away is exact.
    const [healthy, spiked] = await Promise.all(
      [ids[0]!, ids[3]!].map(async (id) => (await capability(id, { probe: "decision" })).json.decisionPoints[0]),
    );
    expect(spiked.likelihoodBefore).toBeLessThan(healthy.likelihoodBefore / 2);
    expectRelative(spiked.likelihoodAfter, healthy.likelihoodAfter);
    expectRelative(spiked.likelihoodAfter / spiked.likelihoodBefore, 1 / (1 - spiked.pSuppressed));
  });

  it("suppresses the token asked for by text or id, and says when it is the probe's own next token", async () => {
    const byId = await capability(ids[3]!, { probe: "decision", token: "151657" });
    expect(byId.json.suppressedToken).toEqual({ id: 151657, text: "<tool_call>" });
    const own = (await capability(ids[3]!, { probe: "decision", token: '{"' })).json.decisionPoints[0];
    expect(own).toMatchObject({
      isFirstTokenSuppressed: true,
      likelihoodAfter: null,
      logLikelihoodAfter: null,
      greedyAfter: null,
      firstToken: { text: '{"', pAfter: null },
    });
  });

  it("answers 404 for an unknown checkpoint or probe and a checkpoint not scored yet, 422 naming a bad field", async () => {
    const unknown = await capability("no-such-checkpoint", { probe: "decision" });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/Checkpoint no-such-checkpoint not found/);
    expect((await capability(ids[0]!, { probe: "nope" })).json.error.message).toMatch(/no probe named 'nope'/);

    const queued = await upload(runId, 900, buildCheckpoint(fixtures, "queued"));
    const notScored = await capability(queued.json.checkpointId, { probe: "decision" });
    expect(notScored.status).toBe(404);
    expect(notScored.json.error.message).toMatch(/not scored yet/);

    const noProbe = await capability(ids[0]!, {});
    expect(noProbe.status).toBe(422);
    expect(noProbe.json.error.issues[0].path).toBe("probe");
    const badToken = await capability(ids[0]!, { probe: "decision", token: "<think>" });
    expect(badToken.status).toBe(422);
    expect(badToken.json.error.issues[0].path).toBe("token");
    expect(badToken.json.error.message).toMatch(/not a tracked token/);
  });
});
