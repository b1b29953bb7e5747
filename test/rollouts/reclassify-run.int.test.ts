import { describe, expect, it } from "vitest";
import * as alertsRoute from "@/app/api/runs/[id]/alerts/route";
import * as healthRoute from "@/app/api/runs/[id]/health/route";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as runsRoute from "@/app/api/runs/route";
import type { SpikeAlertDetails } from "@/lib/domain/alerts/types";
import { reclassifyRun } from "@/lib/server/rollouts/reclassify-run";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

async function newRun(): Promise<string> {
  return (await call(runsRoute.POST, "POST", { body: { name: uniqueName("reclassify") } })).json.id;
}

function step(stepNumber: number, n: number, text: string) {
  return Array.from({ length: n }, (_, i) => ({
    step: stepNumber,
    sampleId: `${stepNumber}-${i}`,
    text,
    reward: text === HEALTHY_CALL_TURN ? 1 : 0,
  }));
}

async function postRollouts(id: string, rollouts: unknown[]): Promise<void> {
  expect((await call(rolloutsRoute.POST, "POST", { params: { id }, body: { rollouts } })).status).toBe(200);
}

const alertsOf = async (id: string) =>
  (
    (await call(alertsRoute.GET, "GET", { params: { id } })).json.alerts as {
      kind: string;
      step: number;
      message: string;
    }[]
  )
    .map((a) => `${a.kind}@${a.step}`)
    .sort();

describe("reclassifyRun", () => {
  it("keeps control-token spike alerts and replaces only the structural ones, page by page", async () => {
    const id = await newRun();
    await postRollouts(id, Array.from({ length: 10 }, (_, s) => step(s, 8, HEALTHY_CALL_TURN)).flat());
    await postRollouts(id, step(10, 8, COLLAPSED_TURN));
    // A spike alert as the worker's raiseSpikeAlerts stores it after replaying checkpoints.
    const details: SpikeAlertDetails = {
      checkpointId: "ckpt",
      count: 1,
      spikes: [{ probe: "p", position: 3, token: "<|im_end|>", p: 0.6, baseline: 0.01, foldChange: 60 }],
    };
    await db().alert.create({
      data: {
        runId: id,
        step: 9,
        kind: "control_token_spike",
        severity: "critical",
        message: "P(<|im_end|>) jumped",
        details: JSON.stringify(details),
      },
    });
    const before = await alertsOf(id);
    expect(before).toEqual(["control_token_spike@9", "full_collapse_rise@10", "healthy_tool_call_drop@10"]);
    const healthBefore = (await call(healthRoute.GET, "GET", { params: { id } })).json;

    // 88 rollouts in pages of 7: more pages than fit one transaction, and one more rollout stored
    // while the pages run, which the closing transaction must count.
    const progress: number[] = [];
    let isLateBatchSent = false;
    const { rollouts } = await reclassifyRun(db(), id, {
      pageSize: 7,
      onProgress: async (fraction) => {
        progress.push(fraction);
        if (!isLateBatchSent) {
          isLateBatchSent = true;
          await postRollouts(id, step(11, 8, COLLAPSED_TURN));
        }
      },
    });
    expect(rollouts).toBe(96);
    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(88 / 7));

    expect(await alertsOf(id)).toEqual(before);
    const spike = await db().alert.findFirstOrThrow({ where: { runId: id, kind: "control_token_spike" } });
    expect(JSON.parse(spike.details)).toEqual(details);
    const healthAfter = (await call(healthRoute.GET, "GET", { params: { id } })).json;
    expect(healthAfter.steps.slice(0, 11)).toEqual(healthBefore.steps);
    expect(healthAfter.steps[11]).toMatchObject({ step: 11, rollouts: 8, turns: 8, states: { full_collapse: 8 } });
  });

  it("raises structural alerts again when the stored ones are gone, still keeping spikes", async () => {
    const id = await newRun();
    await postRollouts(id, Array.from({ length: 10 }, (_, s) => step(s, 8, HEALTHY_CALL_TURN)).flat());
    await postRollouts(id, step(10, 8, COLLAPSED_TURN));
    await db().alert.deleteMany({ where: { runId: id } });
    await db().alert.create({
      data: { runId: id, step: 4, kind: "control_token_spike", message: "spike", details: "{}" },
    });
    await reclassifyRun(db(), id, { pageSize: 16 });
    expect(await alertsOf(id)).toEqual(["control_token_spike@4", "full_collapse_rise@10", "healthy_tool_call_drop@10"]);
  });
});
