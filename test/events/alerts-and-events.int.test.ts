import { describe, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/events/route";
import * as alertsRoute from "@/app/api/runs/[id]/alerts/route";
import * as runEventsRoute from "@/app/api/runs/[id]/events/route";
import * as metricsRoute from "@/app/api/runs/[id]/metrics/route";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as runsRoute from "@/app/api/runs/route";
import { expandRunChange } from "@/lib/server/events/expand-change";
import { STREAM_HEARTBEAT_MS, streamChanges } from "@/lib/server/events/stream-changes";
import { reclassifyRun } from "@/lib/server/rollouts/reclassify-run";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

async function newRun(): Promise<string> {
  return (await call(runsRoute.POST, "POST", { body: { name: uniqueName("alerts") } })).json.id;
}

/** A step of `n` rollouts, each one assistant turn, healthy or collapsed. */
function step(stepNumber: number, n: number, text: string) {
  return Array.from({ length: n }, (_, i) => ({
    step: stepNumber,
    sampleId: `${stepNumber}-${i}`,
    text,
    reward: text === HEALTHY_CALL_TURN ? 1 : 0,
  }));
}

async function postSteps(id: string, rollouts: unknown[]) {
  const res = await call(rolloutsRoute.POST, "POST", { params: { id }, body: { rollouts } });
  expect(res.status).toBe(200);
}

async function healthyBaseline(id: string) {
  await postSteps(id, Array.from({ length: 10 }, (_, s) => step(s, 8, HEALTHY_CALL_TURN)).flat());
}

type SseMessage = { id: number | null; event: string; data: any };

/** Opens an SSE route and collects messages until `count` arrived or the time is up. */
async function openStream(handler: any, params: Record<string, string>, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res: Response = await handler(
    new Request("http://spikewatch.test/api/events", { headers, signal: abort.signal }),
    { params: Promise.resolve(params) },
  );
  const reader = res.body!.getReader();
  const messages: SseMessage[] = [];
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += new TextDecoder().decode(value);
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split("\n")
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        if (field("event"))
          messages.push({
            id: field("id") ? Number(field("id")) : null,
            event: field("event")!,
            data: JSON.parse(field("data")!),
          });
      }
    }
  })();
  return {
    res,
    messages,
    async waitFor(predicate: (m: SseMessage[]) => boolean, timeoutMs = 5_000) {
      const started = Date.now();
      while (!predicate(messages)) {
        if (Date.now() - started > timeoutMs)
          throw new Error(`timed out; got ${JSON.stringify(messages.map((m) => m.event))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      abort.abort();
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
}

describe("structural-health alerts on ingest", () => {
  it("raises an alert at the step where a healthy run collapses, and lists it", async () => {
    const id = await newRun();
    await healthyBaseline(id);
    await postSteps(id, step(10, 8, HEALTHY_CALL_TURN));
    expect((await call(alertsRoute.GET, "GET", { params: { id } })).json.alerts).toEqual([]);

    await postSteps(id, step(11, 8, COLLAPSED_TURN));
    const { json } = await call(alertsRoute.GET, "GET", { params: { id } });
    expect(json.alerts.map((a: any) => [a.kind, a.step, a.severity]).sort()).toEqual([
      ["full_collapse_rise", 11, "critical"],
      ["healthy_tool_call_drop", 11, "critical"],
    ]);
    expect(json.alerts.find((a: any) => a.kind === "healthy_tool_call_drop").details).toMatchObject({
      rate: 0,
      baseline: 1,
      turns: 8,
      baselineSteps: [0, 9],
    });

    // The collapse goes on: same episode, no new alert. Re-sending a step is a no-op too.
    await postSteps(id, step(12, 8, COLLAPSED_TURN));
    await postSteps(id, step(11, 8, COLLAPSED_TURN));
    expect((await call(alertsRoute.GET, "GET", { params: { id } })).json.alerts).toHaveLength(2);
  });

  it("keeps alerts after reclassification and filters by kind; bad filters get 422", async () => {
    const id = await newRun();
    await healthyBaseline(id);
    await postSteps(id, step(10, 8, COLLAPSED_TURN));
    await reclassifyRun(db(), id);
    const drops = await call(alertsRoute.GET, "GET", { params: { id }, query: { kind: "healthy_tool_call_drop" } });
    expect(drops.json.alerts.map((a: any) => a.step)).toEqual([10]);
    const bad = await call(alertsRoute.GET, "GET", { params: { id }, query: { kind: "nope" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe("kind");
    expect((await call(alertsRoute.GET, "GET", { params: { id: "missing" } })).status).toBe(404);
  });
});

describe("GET /api/runs/:id/events", () => {
  it("sends only what is new: step health, metric points and the alert, with ids", async () => {
    const id = await newRun();
    await healthyBaseline(id);
    const stream = await openStream(runEventsRoute.GET, { id });
    expect(stream.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    try {
      await postSteps(id, step(10, 8, COLLAPSED_TURN));
      await call(metricsRoute.POST, "POST", {
        params: { id },
        body: { points: [{ step: 10, key: "critic/score/mean", value: 0 }] },
      });
      await stream.waitFor((m) => m.some((x) => x.event === "metrics"));

      const kinds = stream.messages.map((m) => m.event);
      expect(kinds).toEqual(["step_health", "alert", "alert", "metrics"]);
      const health = stream.messages[0]!.data;
      expect(health).toMatchObject({ kind: "step_health", runId: id, split: "train" });
      expect(health.steps.map((s: any) => [s.step, s.turns, s.states.full_collapse])).toEqual([[10, 8, 8]]);
      expect(
        stream.messages
          .filter((m) => m.event === "alert")
          .map((m) => m.data.alert.kind)
          .sort(),
      ).toEqual(["full_collapse_rise", "healthy_tool_call_drop"]);
      expect(stream.messages[3]!.data.series).toEqual([{ key: "critic/score/mean", points: [{ step: 10, value: 0 }] }]);
      const ids = stream.messages.map((m) => m.id!);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    } finally {
      await stream.close();
    }
  });

  it("resumes after Last-Event-ID on reconnect, sending what was missed", async () => {
    const id = await newRun();
    const first = await openStream(runEventsRoute.GET, { id });
    await postSteps(id, step(0, 2, HEALTHY_CALL_TURN));
    await first.waitFor((m) => m.length === 1);
    await first.close();
    const lastId = first.messages[0]!.id!;

    await postSteps(id, step(1, 2, HEALTHY_CALL_TURN));
    await postSteps(id, step(2, 2, HEALTHY_CALL_TURN));
    const second = await openStream(runEventsRoute.GET, { id }, { "last-event-id": String(lastId) });
    try {
      await second.waitFor((m) => m.length === 2);
      expect(second.messages.map((m) => m.data.steps[0].step)).toEqual([1, 2]);
    } finally {
      await second.close();
    }
  });

  it("answers 404 for an unknown run", async () => {
    expect((await call(runEventsRoute.GET, "GET", { params: { id: "missing" } })).status).toBe(404);
  });
});

describe("the resume point (Last-Event-ID or ?lastEventId=)", () => {
  /** Status and body of a stream route's answer; a stream that opened is cancelled at once. */
  type Sent = { query?: string; headers?: Record<string, string> };
  async function answer(handler: any, params: Record<string, string>, { query = "", headers = {} }: Sent) {
    const req = new Request(`http://spikewatch.test/api/events${query}`, { headers });
    const res: Response = await handler(req, { params: Promise.resolve(params) });
    if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
      await res.body?.cancel();
      return { status: res.status, json: null };
    }
    return { status: res.status, json: await res.json() };
  }

  // A probe sent ?lastEventId=1e23: it was accepted and that stream never got an event.
  it.each([
    ["?lastEventId=1e23", {}],
    ["?lastEventId=-1", {}],
    ["?lastEventId=1.5", {}],
    ["?lastEventId=abc", {}],
    ["?lastEventId=", {}],
    ["", { "last-event-id": "99999999999999999999999" }],
    ["", { "last-event-id": "9007199254740992" }],
    ["", { "last-event-id": "0x10" }],
  ])("refuses %s %j with 400 on both streams", async (query, headers) => {
    const id = await newRun();
    for (const [handler, params] of [
      [runEventsRoute.GET, { id }],
      [eventsRoute.GET, {}],
    ] as const) {
      const res = await answer(handler, params, { query, headers });
      expect(res.status).toBe(400);
      const message = expect.stringMatching(/Last-Event-ID.*non-negative integer/);
      expect(res.json.error).toMatchObject({ code: "BAD_REQUEST", message });
    }
  });

  it("a resume point past the newest change (say, from a database since replaced) still gets new events", async () => {
    const id = await newRun();
    const stream = await openStream(runEventsRoute.GET, { id }, { "last-event-id": String(Number.MAX_SAFE_INTEGER) });
    try {
      await postSteps(id, step(0, 2, HEALTHY_CALL_TURN));
      await stream.waitFor((m) => m.length === 1);
      expect(stream.messages[0]!.event).toBe("step_health");
    } finally {
      await stream.close();
    }
  });
});

describe("event stream keep-alive", () => {
  it("sends a heartbeat comment when nothing happens", async () => {
    const id = await newRun();
    const abort = new AbortController();
    const res = streamChanges(db(), {
      runId: id,
      lastEventId: null,
      signal: abort.signal,
      expand: expandRunChange,
      heartbeatMs: 300,
    });
    const reader = res.body!.getReader();
    let text = "";
    const started = Date.now();
    while (!text.includes(": heartbeat") && Date.now() - started < 5_000)
      text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    await reader.cancel();
    expect(text).toMatch(/^retry: 2000\n/);
    expect(text).toContain(": heartbeat\n\n");
    expect(STREAM_HEARTBEAT_MS).toBeLessThanOrEqual(15_000);
  });
});

describe("GET /api/events", () => {
  it("sends every run's alerts and nudges", async () => {
    const id = await newRun();
    await healthyBaseline(id);
    const stream = await openStream(eventsRoute.GET, {});
    try {
      await postSteps(id, step(10, 8, COLLAPSED_TURN));
      await stream.waitFor((m) => m.filter((x) => x.data.runId === id).length >= 3);
      const mine = stream.messages.filter((m) => m.data.runId === id);
      expect(mine.map((m) => m.event).sort()).toEqual(["alert", "alert", "run_updated"]);
    } finally {
      await stream.close();
    }
  });
});
