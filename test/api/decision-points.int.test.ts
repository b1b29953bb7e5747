import { describe, expect, it } from "vitest";
import * as decisionPointsRoute from "@/app/api/runs/[id]/decision-points/route";
import * as probesRoute from "@/app/api/runs/[id]/probes/route";
import * as runsRoute from "@/app/api/runs/route";
import { packTrace, type PositionStats } from "@/lib/domain/traces/pack-trace";
import type { DecisionPoint } from "@/lib/server/traces/get-trace";
import { saveTrace } from "@/lib/server/traces/save-trace";
import { call, db, uniqueName } from "../helpers";

const TRACKED = [
  { id: 4913, text: '{"' },
  { id: 151645, text: "<|im_end|>" },
  { id: 151657, text: "<tool_call>" },
];

async function newRunWithProbes(names: string[]): Promise<{ runId: string; probeIds: Record<string, number> }> {
  const runId = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("decision") } })).json.id as string;
  await call(probesRoute.POST, "POST", {
    params: { id: runId },
    body: { probes: names.map((name) => ({ name, text: "<tool_call>\n" })) },
  });
  const probes = (await call(probesRoute.GET, "GET", { params: { id: runId } })).json.probes as {
    id: number;
    name: string;
  }[];
  return { runId, probeIds: Object.fromEntries(probes.map((p) => [p.name, p.id])) };
}

async function addCheckpoint(runId: string, step: number, status: string): Promise<string> {
  const row = await db().checkpoint.create({
    data: { runId, step, status, dir: `x/${step}`, files: "[]", totalBytes: 0 },
    select: { id: true },
  });
  return row.id;
}

async function addTrace(checkpointId: string, probeId: number, decisionPoints: DecisionPoint[]): Promise<void> {
  const stats: PositionStats[] = [0, 1, 2].map((i) => ({
    pNext: i < 2 ? 0.5 : null,
    entropy: 1,
    tracked: [0.1, 0.2, 0.3],
    top: [{ id: 7, p: 0.5 }],
  }));
  const packed = packTrace([151657, 198, 4913], stats, TRACKED.length);
  await saveTrace(db(), checkpointId, probeId, {
    ...packed,
    trackedTokens: TRACKED,
    vocab: { 151657: "<tool_call>", 198: "\n", 4913: '{"', 7: "x" },
    decisionPoints,
  });
}

const point = (position: number, imEnd: number) => ({
  position,
  probabilities: { '{"': 1 - imEnd, "<|im_end|>": imEnd, "<tool_call>": 1e-5 },
});

describe("decision-points API", () => {
  it("lists a probe's decision points over scored checkpoints in step order", async () => {
    const { runId, probeIds } = await newRunWithProbes(["p", "other"]);
    const late = await addCheckpoint(runId, 20, "scored");
    const early = await addCheckpoint(runId, 10, "scored");
    const scoring = await addCheckpoint(runId, 30, "scoring");
    await addTrace(late, probeIds.p!, [point(1, 0.6), point(5, 0.9)]);
    await addTrace(early, probeIds.p!, [point(1, 0.01), point(5, 0.02)]);
    await addTrace(scoring, probeIds.p!, [point(1, 0.99)]);
    await addTrace(early, probeIds.other!, [point(2, 0.5)]);

    const res = await call(decisionPointsRoute.GET, "GET", { params: { id: runId }, query: { probe: "p" } });
    expect(res.status).toBe(200);
    expect(res.json.probe).toBe("p");
    expect(res.json.points).toEqual([
      { step: 10, checkpointId: early, index: 0, ...point(1, 0.01) },
      { step: 10, checkpointId: early, index: 1, ...point(5, 0.02) },
      { step: 20, checkpointId: late, index: 0, ...point(1, 0.6) },
      { step: 20, checkpointId: late, index: 1, ...point(5, 0.9) },
    ]);
  });

  it("gives an empty list for a probe without traces or decision points", async () => {
    const { runId, probeIds } = await newRunWithProbes(["plain", "untraced"]);
    await addTrace(await addCheckpoint(runId, 1, "scored"), probeIds.plain!, []);
    for (const probe of ["plain", "untraced"]) {
      const res = await call(decisionPointsRoute.GET, "GET", { params: { id: runId }, query: { probe } });
      expect(res.json.points).toEqual([]);
    }
  });

  it("answers 404 for an unknown run or probe and 422 without a probe", async () => {
    const { runId } = await newRunWithProbes(["p"]);
    expect((await call(decisionPointsRoute.GET, "GET", { params: { id: "nope" }, query: { probe: "p" } })).status).toBe(
      404,
    );
    const unknown = await call(decisionPointsRoute.GET, "GET", { params: { id: runId }, query: { probe: "missing" } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/missing/);
    const bad = await call(decisionPointsRoute.GET, "GET", { params: { id: runId } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe("probe");
  });
});
