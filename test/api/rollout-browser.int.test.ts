import { describe, expect, it } from "vitest";
import * as rolloutsRoute from "@/app/api/runs/[id]/rollouts/route";
import * as runsRoute from "@/app/api/runs/route";
import { AppError } from "@/lib/server/errors";
import { browseRollouts } from "@/lib/server/rollouts/browse-rollouts";
import { getRollout } from "@/lib/server/rollouts/get-rollout";
import { call, COLLAPSED_TURN, db, HEALTHY_CALL_TURN, uniqueName } from "../helpers";

async function runWithRollouts(count: number): Promise<string> {
  const id = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("browse") } })).json.id;
  const rollouts = Array.from({ length: count }, (_, i) => ({
    step: i % 2,
    sampleId: `s${i}`,
    text: i % 3 === 0 ? COLLAPSED_TURN : HEALTHY_CALL_TURN,
  }));
  await call(rolloutsRoute.POST, "POST", { params: { id }, body: { rollouts } });
  return id;
}

describe("getRollout", () => {
  it("returns the same record as the list and 404s for another run's rollout", async () => {
    const id = await runWithRollouts(3);
    const other = await runWithRollouts(1);
    const listed = (await call(rolloutsRoute.GET, "GET", { params: { id } })).json.rollouts[0];
    expect(await getRollout(db(), id, listed.id)).toEqual(listed);

    const foreign = (await call(rolloutsRoute.GET, "GET", { params: { id: other } })).json.rollouts[0];
    await expect(getRollout(db(), id, foreign.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRollout(db(), id, 999_999_999)).rejects.toBeInstanceOf(AppError);
  });
});

describe("browseRollouts", () => {
  it("selects the first rollout of the filtered page by default", async () => {
    const id = await runWithRollouts(6);
    const data = (await browseRollouts(db(), id, { state: "full_collapse" }))!;
    expect(data.page.rollouts.map((r) => r.sampleId)).toEqual(["s0", "s3"]);
    expect(data.selected?.sampleId).toBe("s0");
  });

  it("fetches an asked-for rollout that is not on the page, and names a missing one", async () => {
    const id = await runWithRollouts(6);
    const all = (await browseRollouts(db(), id, {}))!.page.rollouts;
    const target = all.find((r) => r.sampleId === "s4")!;
    const data = (await browseRollouts(db(), id, { limit: 2, rollout: target.id }))!;
    expect(data.page.rollouts).toHaveLength(2);
    expect(data.selected?.id).toBe(target.id);

    expect(await browseRollouts(db(), id, { rollout: 999_999_999 })).toMatchObject({
      selected: null,
      missingRolloutId: 999_999_999,
    });
  });

  it("is null for an unknown run", async () => {
    expect(await browseRollouts(db(), "no-such-run", {})).toBeNull();
  });
});
