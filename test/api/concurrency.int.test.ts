import { describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/runs/[id]/health/route";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as runsRoute from "@/app/api/runs/route";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

describe("concurrent writers", () => {
  it("8 writers sending overlapping batches to one run end with exact counts and no errors", async () => {
    const id = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("conc") } })).json.id;
    // Writer w sends samples w*10 .. w*10+19: every sample but the first ten and last ten is sent twice.
    const writers = Array.from({ length: 8 }, (_, w) =>
      call(rolloutsRoute.POST, "POST", {
        params: { id },
        body: {
          rollouts: Array.from({ length: 20 }, (_, i) => ({
            step: (w * 10 + i) % 4,
            sampleId: `s${w * 10 + i}`,
            text: (w * 10 + i) % 3 ? HEALTHY_CALL_TURN : COLLAPSED_TURN,
          })),
        },
      }),
    );
    const results = await Promise.all(writers);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(results.reduce((sum, r) => sum + r.json.inserted, 0)).toBe(90);

    expect(await db().rollout.count({ where: { runId: id } })).toBe(90);
    const steps = (await call(healthRoute.GET, "GET", { params: { id } })).json.steps;
    const turns = steps.reduce((sum: number, s: any) => sum + s.turns, 0);
    const collapsed = steps.reduce((sum: number, s: any) => sum + s.states.full_collapse, 0);
    expect(turns).toBe(90);
    expect(collapsed).toBe(30); // samples 0, 3, ..., 87
  });
});
