import { describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/runs/[id]/health/route";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as runsRoute from "@/app/api/runs/route";
import { MAX_ROLLOUTS_PER_BATCH } from "@/lib/domain/ingest/schemas";
import { TEST_MAX_BODY_BYTES } from "../global-setup";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

async function newRun(): Promise<string> {
  return (await call(runsRoute.POST, "POST", { body: { name: uniqueName("run") } })).json.id;
}

function post(id: string, rollouts: unknown[]) {
  return call(rolloutsRoute.POST, "POST", { params: { id }, body: { rollouts } });
}

describe("POST /api/runs/:id/rollouts", () => {
  it("classifies every assistant turn on ingest", async () => {
    const id = await newRun();
    const res = await post(id, [
      { step: 1, sampleId: "a", text: COLLAPSED_TURN, reward: 0 },
      { step: 1, sampleId: "b", text: HEALTHY_CALL_TURN, reward: 1 },
      {
        step: 2,
        sampleId: 7,
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "Hello! How can I help?" },
        ],
      },
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ inserted: 3, duplicates: 0, steps: [1, 2], duplicateRollouts: [] });

    const page = await call(rolloutsRoute.GET, "GET", { params: { id }, query: { step: 1 } });
    const bySample = Object.fromEntries(page.json.rollouts.map((r: any) => [r.sampleId, r]));
    expect(bySample.a.turns).toEqual([expect.objectContaining({ state: "full_collapse", failures: ["bare_tag"] })]);
    expect(bySample.b.turns).toEqual([expect.objectContaining({ state: "healthy_tool_call", failures: [] })]);
    expect(bySample.a.messages.at(-1)).toEqual({ role: "assistant", content: "<tool_call>\n" });
  });

  it("never duplicates: a re-sent batch and repeats inside a batch are no-ops", async () => {
    const id = await newRun();
    const batch = [
      { step: 3, sampleId: "x", text: COLLAPSED_TURN },
      { step: 3, sampleId: "y", text: HEALTHY_CALL_TURN },
      { step: 3, sampleId: "x", text: HEALTHY_CALL_TURN },
    ];
    expect((await post(id, batch)).json).toMatchObject({ inserted: 2, duplicates: 1 });
    const healthBefore = (await call(healthRoute.GET, "GET", { params: { id } })).json;
    expect((await post(id, batch)).json).toMatchObject({ inserted: 0, duplicates: 3 });

    expect(await db().rollout.count({ where: { runId: id } })).toBe(2);
    expect(await db().turn.count({ where: { runId: id } })).toBe(2);
    expect((await call(healthRoute.GET, "GET", { params: { id } })).json).toEqual(healthBefore);
  });

  it("says which rollouts were duplicates, telling a retry (same content) from a collision (other content)", async () => {
    const id = await newRun();
    await post(id, [{ step: 3, sampleId: "x", text: COLLAPSED_TURN, reward: 0 }]);
    const res = await post(id, [
      { step: 3, sampleId: "y", text: HEALTHY_CALL_TURN },
      { step: 3, sampleId: "x", text: COLLAPSED_TURN, reward: 0 },
      { step: 3, sampleId: "y", text: COLLAPSED_TURN },
      { step: 3, sampleId: "y", text: HEALTHY_CALL_TURN },
    ]);
    expect(res.json).toMatchObject({ inserted: 1, duplicates: 3 });
    expect(res.json.duplicateRollouts).toEqual([
      { index: 1, step: 3, split: "train", sampleId: "x", takenBy: "stored", isSameContent: true },
      { index: 2, step: 3, split: "train", sampleId: "y", takenBy: "batch", isSameContent: false },
      { index: 3, step: 3, split: "train", sampleId: "y", takenBy: "batch", isSameContent: true },
    ]);
    const collision = await post(id, [{ step: 3, sampleId: "x", text: HEALTHY_CALL_TURN, reward: 1 }]);
    expect(collision.json.duplicateRollouts).toEqual([
      expect.objectContaining({ sampleId: "x", takenBy: "stored", isSameContent: false }),
    ]);
  });

  it("keeps a validation sample that shares its step and id with a training sample (the split is part of the identity)", async () => {
    const id = await newRun();
    // Tool-RL-Box writes <name>-step-val-N.json beside <name>-step-N.json with the same prompt ids.
    const res = await post(id, [
      { step: 10, sampleId: "p1", split: "train", text: COLLAPSED_TURN },
      { step: 10, sampleId: "p1", split: "val", text: HEALTHY_CALL_TURN },
      { step: 10, sampleId: "p1", split: "eval", evalKind: "format_ood", text: HEALTHY_CALL_TURN },
    ]);
    expect(res.json).toMatchObject({ inserted: 3, duplicates: 0 });
    const health = await db().stepHealth.findMany({
      where: { runId: id },
      orderBy: { split: "asc" },
      select: { split: true, turns: true },
    });
    expect(health).toEqual([
      { split: "eval", turns: 1 },
      { split: "train", turns: 1 },
      { split: "val", turns: 1 },
    ]);
    expect((await post(id, [{ step: 10, sampleId: "p1", split: "val", text: HEALTHY_CALL_TURN }])).json).toMatchObject({
      duplicates: 1,
    });
  });

  it("rejects the whole batch when one rollout is bad, naming it, and writes nothing", async () => {
    const id = await newRun();
    const rollouts = [
      { step: 1, sampleId: "ok1", text: HEALTHY_CALL_TURN },
      { step: 1, sampleId: "ok2", text: HEALTHY_CALL_TURN },
      { step: 1, sampleId: "ok3", text: HEALTHY_CALL_TURN },
      { step: -4, sampleId: "bad", text: HEALTHY_CALL_TURN },
      { step: 1, sampleId: "bad2", messages: [{ role: "wizard", content: "x" }] },
    ];
    const res = await post(id, rollouts);
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("rollouts.3.step");
    expect(await db().rollout.count({ where: { runId: id } })).toBe(0);

    const roleOnly = await post(id, [rollouts[0], rollouts[4]]);
    expect(roleOnly.status).toBe(422);
    expect(roleOnly.json.error.issues[0].path).toBe("rollouts.1.messages.0.role");
    expect(await db().rollout.count({ where: { runId: id } })).toBe(0);
  });

  it("requires exactly one of text or messages, and evalKind only on eval rollouts", async () => {
    const id = await newRun();
    const neither = await post(id, [{ step: 1, sampleId: "n" }]);
    expect(neither.json.error.issues[0].path).toBe("rollouts.0.messages");
    const wrongSplit = await post(id, [{ step: 1, sampleId: "n", text: "hi", evalKind: "format_ood" }]);
    expect(wrongSplit.json.error.issues[0].path).toBe("rollouts.0.evalKind");
  });

  it("stores a batch of the documented maximum size (5,000 rollouts)", async () => {
    const id = await newRun();
    const rollouts = Array.from({ length: MAX_ROLLOUTS_PER_BATCH }, (_, i) => ({
      step: i % 7,
      sampleId: `m${i}`,
      text: COLLAPSED_TURN,
    }));
    expect((await post(id, rollouts)).json).toMatchObject({ inserted: MAX_ROLLOUTS_PER_BATCH, duplicates: 0 });
    expect(await db().turn.count({ where: { runId: id } })).toBe(MAX_ROLLOUTS_PER_BATCH);
    const tooMany = await post(id, [...rollouts, { step: 0, sampleId: "one-more", text: "hi" }]);
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.error.issues[0].path).toBe("rollouts");
  });

  it("refuses a message over 1,000,000 characters with 422 naming the field, as it does text", async () => {
    const id = await newRun();
    const long = "a".repeat(5_000_000);
    const res = await post(id, [
      { step: 1, sampleId: "ok", text: HEALTHY_CALL_TURN },
      {
        step: 1,
        sampleId: "long",
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: long },
        ],
      },
    ]);
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("rollouts.1.messages.1.content");
    const longText = await post(id, [{ step: 1, sampleId: "long-text", text: long }]);
    expect(longText.json.error.issues[0].path).toBe("rollouts.0.text");
    expect(await db().rollout.count({ where: { runId: id } })).toBe(0);
    const messages = [{ role: "assistant", content: "a".repeat(1_000_000) }];
    const atLimit = await post(id, [{ step: 1, sampleId: "at-limit", messages }]);
    expect(atLimit.json).toMatchObject({ inserted: 1 });
  });

  it("answers 413 for a body over the size limit, without storing anything", async () => {
    const id = await newRun();
    const big = "a".repeat(TEST_MAX_BODY_BYTES);
    const res = await post(id, [{ step: 1, sampleId: "big", text: big }]);
    expect(res.status).toBe(413);
    expect(await db().rollout.count({ where: { runId: id } })).toBe(0);
  });

  it("answers 404 when the run does not exist and 401 without a token", async () => {
    expect((await post("missing-run", [{ step: 1, sampleId: "a", text: "hi" }])).status).toBe(404);
    const id = await newRun();
    const res = await call(rolloutsRoute.POST, "POST", { params: { id }, body: { rollouts: [] }, token: null });
    expect(res.status).toBe(401);
  });

  it("keeps rollout text as data: markup is stored verbatim", async () => {
    const id = await newRun();
    const text = "<|im_start|>assistant\n<script>alert(1)</script><|im_end|>";
    await post(id, [{ step: 0, sampleId: "xss", text }]);
    const page = await call(rolloutsRoute.GET, "GET", { params: { id } });
    expect(page.json.rollouts[0].messages[0].content).toBe("<script>alert(1)</script>");
  });
});

describe("GET /api/runs/:id/health and /rollouts", () => {
  it("counts turns per state and failure kind per step, with mean reward", async () => {
    const id = await newRun();
    await post(id, [
      { step: 5, sampleId: "1", text: COLLAPSED_TURN, reward: 0 },
      { step: 5, sampleId: "2", text: COLLAPSED_TURN, reward: 0 },
      { step: 5, sampleId: "3", text: HEALTHY_CALL_TURN, reward: 1 },
      { step: 6, sampleId: "1", text: HEALTHY_CALL_TURN },
      { step: 6, sampleId: "v", text: COLLAPSED_TURN, split: "val" },
    ]);
    const all = (await call(healthRoute.GET, "GET", { params: { id } })).json.steps;
    expect(all).toEqual([
      {
        step: 5,
        rollouts: 3,
        turns: 3,
        meanReward: 1 / 3,
        states: { healthy_tool_call: 1, healthy_response: 0, text_pollution: 0, full_collapse: 2 },
        failures: { bare_tag: 2 },
      },
      {
        step: 6,
        rollouts: 2,
        turns: 2,
        meanReward: null,
        states: { healthy_tool_call: 1, healthy_response: 0, text_pollution: 0, full_collapse: 1 },
        failures: { bare_tag: 1 },
      },
    ]);
    const train = (await call(healthRoute.GET, "GET", { params: { id }, query: { split: "train" } })).json.steps;
    expect(train[1].states.full_collapse).toBe(0);
  });

  it("leaves off-policy rollouts (OPS gold trajectories) out of step health but lists them", async () => {
    const id = await newRun();
    await post(id, [
      { step: 2, sampleId: "policy", text: COLLAPSED_TURN },
      { step: 2, sampleId: "gold", text: HEALTHY_CALL_TURN, offPolicy: true, reward: 1 },
    ]);
    const [step] = (await call(healthRoute.GET, "GET", { params: { id } })).json.steps;
    expect(step).toMatchObject({
      rollouts: 1,
      turns: 1,
      meanReward: null,
      states: { healthy_tool_call: 0, full_collapse: 1 },
    });
    const listed = (await call(rolloutsRoute.GET, "GET", { params: { id } })).json.rollouts;
    expect(listed.map((r: any) => [r.sampleId, r.isOffPolicy])).toEqual([
      ["policy", false],
      ["gold", true],
    ]);
  });

  it("filters rollouts by state and failure kind and pages with a cursor", async () => {
    const id = await newRun();
    const rollouts = Array.from({ length: 25 }, (_, i) => ({
      step: i % 3,
      sampleId: `s${i}`,
      text: i % 5 === 0 ? COLLAPSED_TURN : HEALTHY_CALL_TURN,
    }));
    await post(id, rollouts);

    const collapsed = await call(rolloutsRoute.GET, "GET", { params: { id }, query: { state: "full_collapse" } });
    expect(collapsed.json.rollouts.map((r: any) => r.sampleId)).toEqual(["s0", "s5", "s10", "s15", "s20"]);
    const bare = await call(rolloutsRoute.GET, "GET", { params: { id }, query: { failure: "bare_tag", step: 0 } });
    expect(bare.json.rollouts.map((r: any) => r.sampleId)).toEqual(["s0", "s15"]);

    const seen: string[] = [];
    let cursor: number | null | undefined;
    do {
      const page = await call(rolloutsRoute.GET, "GET", {
        params: { id },
        query: { limit: 10, ...(cursor ? { cursor } : {}) },
      });
      seen.push(...page.json.rollouts.map((r: any) => r.sampleId));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(rollouts.map((r) => r.sampleId));
  });

  it("rejects an unknown state filter with the field named", async () => {
    const id = await newRun();
    const res = await call(rolloutsRoute.GET, "GET", { params: { id }, query: { state: "melted" } });
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("state");
  });
});
