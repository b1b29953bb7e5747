import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/runs/[id]/metrics/route";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as runsRoute from "@/app/api/runs/route";
import * as timelineRoute from "@/app/api/runs/[id]/timeline/route";
import { MAX_METRIC_POINTS_PER_BATCH, MAX_METRIC_QUERY_KEYS } from "@/lib/domain/ingest/schemas";
import { MAX_RESPONSE_POINTS } from "@/lib/server/metrics/query-metrics";
import { call, uniqueName } from "../helpers";

async function newRun(): Promise<string> {
  return (await call(runsRoute.POST, "POST", { body: { name: uniqueName("metrics") } })).json.id;
}

async function post(id: string, points: unknown[]) {
  return call(metricsRoute.POST, "POST", { params: { id }, body: { points } });
}

describe("metrics API", () => {
  it("stores points once: the first value wins, and the reply tells a retry from a collision", async () => {
    const id = await newRun();
    const points = [
      { step: 0, key: "critic/score/mean", value: 0.1 },
      { step: 1, key: "critic/score/mean", value: 0.2 },
    ];
    expect((await post(id, points)).json).toEqual({ inserted: 2, duplicates: 0, collisions: 0, duplicatePoints: [] });
    const again = [
      { step: 1, key: "critic/score/mean", value: 9 },
      { step: 2, key: "critic/score/mean", value: 0.3 },
      { step: 0, key: "critic/score/mean", value: 0.1 },
      { step: 2, key: "critic/score/mean", value: 0.3 },
    ];
    expect((await post(id, again)).json).toEqual({
      inserted: 1,
      duplicates: 3,
      collisions: 1,
      duplicatePoints: [
        { index: 0, step: 1, key: "critic/score/mean", takenBy: "stored", isSameValue: false },
        { index: 2, step: 0, key: "critic/score/mean", takenBy: "stored", isSameValue: true },
        { index: 3, step: 2, key: "critic/score/mean", takenBy: "batch", isSameValue: true },
      ],
    });

    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "critic/score/mean" } });
    expect(res.json.series[0].points).toEqual([
      { step: 0, value: 0.1 },
      { step: 1, value: 0.2 },
      { step: 2, value: 0.3 },
    ]);
    expect((await call(runRoute.GET, "GET", { params: { id } })).json.metricKeys).toEqual(["critic/score/mean"]);
  });

  it("keeps NaN and infinities end to end, sent and answered by name, and counts a re-sent NaN as a retry", async () => {
    const id = await newRun();
    const points = [
      { step: 31, key: "actor/grad_norm", value: 1.5 },
      { step: 32, key: "actor/grad_norm", value: "Infinity" },
      { step: 33, key: "actor/grad_norm", value: "NaN" },
      { step: 34, key: "actor/grad_norm", value: "-Infinity" },
      { step: 35, key: "actor/grad_norm", value: 2.5 },
    ];
    expect((await post(id, points)).json).toMatchObject({ inserted: 5, duplicates: 0 });
    expect((await post(id, [{ step: 33, key: "actor/grad_norm", value: "NaN" }])).json.duplicatePoints).toEqual([
      { index: 0, step: 33, key: "actor/grad_norm", takenBy: "stored", isSameValue: true },
    ]);
    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "actor/grad_norm" } });
    expect(res.json.series[0].points).toEqual(points.map(({ step, value }) => ({ step, value })));

    const timeline = await call(timelineRoute.GET, "GET", { params: { id }, query: { keys: "actor/grad_norm" } });
    expect(timeline.json.metrics[0].points.map((p: { value: unknown }) => p.value)).toEqual([
      1.5,
      "Infinity",
      "NaN",
      "-Infinity",
      2.5,
    ]);
  });

  it("downsamples by min/max per bucket so a one-step drop and a NaN both survive", async () => {
    const id = await newRun();
    const points = Array.from({ length: 5_000 }, (_, step) => ({
      step,
      key: "healthy",
      value: step === 3_217 ? 0 : step === 4_000 ? "NaN" : 0.9 + (step % 7) / 100,
    }));
    await post(id, points);

    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "healthy", maxPoints: 40 } });
    const [series] = res.json.series;
    expect(series).toMatchObject({ key: "healthy", totalPoints: 5_000, isDownsampled: true });
    expect(series.points.filter((p: { value: unknown }) => typeof p.value === "number").length).toBeLessThanOrEqual(40);
    expect(series.points).toContainEqual({ step: 3_217, value: 0 });
    expect(series.points).toContainEqual({ step: 4_000, value: "NaN" });

    const zoom = await call(metricsRoute.GET, "GET", {
      params: { id },
      query: { keys: "healthy", fromStep: 3_000, toStep: 3_099 },
    });
    expect(zoom.json.series[0].totalPoints).toBe(100);
    expect(zoom.json.series[0].points[0].step).toBe(3_000);
  });

  it("stores a batch of the documented maximum size (100,000 points over 10 keys)", async () => {
    const id = await newRun();
    const points = Array.from({ length: MAX_METRIC_POINTS_PER_BATCH }, (_, i) => ({
      step: Math.floor(i / 10),
      key: `k${i % 10}`,
      value: i,
    }));
    expect((await post(id, points)).json).toEqual({
      inserted: MAX_METRIC_POINTS_PER_BATCH,
      duplicates: 0,
      collisions: 0,
      duplicatePoints: [],
    });
    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "k3", maxPoints: 100 } });
    expect(res.json.series[0]).toMatchObject({ totalPoints: 10_000, isDownsampled: true });
    const retry = (await post(id, points)).json;
    expect(retry).toMatchObject({ inserted: 0, duplicates: MAX_METRIC_POINTS_PER_BATCH, collisions: 0 });
    expect(retry.duplicatePoints).toHaveLength(1_000);
  });

  it("names the offending point of a bad batch and stores none of it", async () => {
    const id = await newRun();
    const points = [
      { step: 0, key: "a", value: 1 },
      { step: 1, key: "a", value: "nan" },
    ];
    const res = await post(id, points);
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("points.1.value");
    const stored = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "a" } });
    expect(stored.json.series[0].totalPoints).toBe(0);
  });

  it("rejects a maxPoints below 2", async () => {
    const id = await newRun();
    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { maxPoints: 1 } });
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("maxPoints");
  });
});

describe("metrics GET bounds (one request could exhaust the server's memory)", () => {
  it("reads a key named 200 times once", async () => {
    const id = await newRun();
    await post(
      id,
      Array.from({ length: 3_000 }, (_, step) => ({ step, key: "big", value: step })),
    );
    const res = await call(metricsRoute.GET, "GET", {
      params: { id },
      query: { keys: Array(200).fill("big").join(","), maxPoints: 100_000 },
    });
    expect(res.status).toBe(200);
    expect(res.json.series).toHaveLength(1);
    expect(res.json.series[0]).toMatchObject({ key: "big", totalPoints: 3_000 });
  });

  it(`refuses more than ${MAX_METRIC_QUERY_KEYS} distinct keys`, async () => {
    const id = await newRun();
    const keys = Array.from({ length: MAX_METRIC_QUERY_KEYS + 1 }, (_, i) => `k${i}`).join(",");
    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys } });
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].path).toBe("keys");
  });

  it(`answers at most ${MAX_RESPONSE_POINTS.toLocaleString("en")} points however many keys and points are asked for`, async () => {
    const id = await newRun();
    const keys = Array.from({ length: MAX_METRIC_QUERY_KEYS }, (_, i) => `k${i}`);
    const perKey = 12_000;
    for (let start = 0; start < perKey; start += 5_000) {
      const steps = Array.from({ length: Math.min(5_000, perKey - start) }, (_, i) => start + i);
      await post(
        id,
        keys.flatMap((key) => steps.map((step) => ({ step, key, value: Math.sin(step) }))),
      );
    }
    const res = await call(metricsRoute.GET, "GET", {
      params: { id },
      query: { keys: keys.join(","), maxPoints: 100_000 },
    });
    expect(res.json.series).toHaveLength(MAX_METRIC_QUERY_KEYS);
    const returned = res.json.series.reduce((n: number, s: { points: unknown[] }) => n + s.points.length, 0);
    expect(returned).toBeLessThanOrEqual(MAX_RESPONSE_POINTS);
    expect(
      res.json.series.every(
        (s: { totalPoints: number; isDownsampled: boolean }) => s.totalPoints === perKey && s.isDownsampled,
      ),
    ).toBe(true);
  });
});
