import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/runs/[id]/metrics/route";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as runsRoute from "@/app/api/runs/route";
import { MAX_METRIC_POINTS_PER_BATCH } from "@/lib/domain/ingest/schemas";
import { call, uniqueName } from "../helpers";

async function newRun(): Promise<string> {
  return (await call(runsRoute.POST, "POST", { body: { name: uniqueName("metrics") } })).json.id;
}

describe("metrics API", () => {
  it("stores points once: repeats are counted as duplicates, the first value wins", async () => {
    const id = await newRun();
    const points = [{ step: 0, key: "critic/score/mean", value: 0.1 }, { step: 1, key: "critic/score/mean", value: 0.2 }];
    expect((await call(metricsRoute.POST, "POST", { params: { id }, body: { points } })).json).toEqual({ inserted: 2, duplicates: 0 });
    const again = [{ step: 1, key: "critic/score/mean", value: 9 }, { step: 2, key: "critic/score/mean", value: 0.3 }];
    expect((await call(metricsRoute.POST, "POST", { params: { id }, body: { points: again } })).json).toEqual({ inserted: 1, duplicates: 1 });

    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "critic/score/mean" } });
    expect(res.json.series[0].points).toEqual([{ step: 0, value: 0.1 }, { step: 1, value: 0.2 }, { step: 2, value: 0.3 }]);
    expect((await call(runRoute.GET, "GET", { params: { id } })).json.metricKeys).toEqual(["critic/score/mean"]);
  });

  it("downsamples by min/max per bucket so a one-step drop survives", async () => {
    const id = await newRun();
    const points = Array.from({ length: 5_000 }, (_, step) => ({ step, key: "healthy", value: step === 3_217 ? 0 : 0.9 + (step % 7) / 100 }));
    await call(metricsRoute.POST, "POST", { params: { id }, body: { points } });

    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "healthy", maxPoints: 40 } });
    const [series] = res.json.series;
    expect(series).toMatchObject({ key: "healthy", totalPoints: 5_000, isDownsampled: true });
    expect(series.points.length).toBeLessThanOrEqual(40);
    expect(series.points).toContainEqual({ step: 3_217, value: 0 });

    const zoom = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "healthy", fromStep: 3_000, toStep: 3_099 } });
    expect(zoom.json.series[0].totalPoints).toBe(100);
    expect(zoom.json.series[0].points[0].step).toBe(3_000);
  });

  it("stores a batch of the documented maximum size (100,000 points over 10 keys)", async () => {
    const id = await newRun();
    const points = Array.from({ length: MAX_METRIC_POINTS_PER_BATCH }, (_, i) => ({ step: Math.floor(i / 10), key: `k${i % 10}`, value: i }));
    expect((await call(metricsRoute.POST, "POST", { params: { id }, body: { points } })).json).toEqual({ inserted: MAX_METRIC_POINTS_PER_BATCH, duplicates: 0 });
    const res = await call(metricsRoute.GET, "GET", { params: { id }, query: { keys: "k3", maxPoints: 100 } });
    expect(res.json.series[0]).toMatchObject({ totalPoints: 10_000, isDownsampled: true });
  });

  it("names the offending point of a bad batch and stores none of it", async () => {
    const id = await newRun();
    const points = [{ step: 0, key: "a", value: 1 }, { step: 1, key: "a", value: "NaN" }];
    const res = await call(metricsRoute.POST, "POST", { params: { id }, body: { points } });
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
