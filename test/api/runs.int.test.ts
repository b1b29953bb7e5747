import { describe, expect, it } from "vitest";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as runsRoute from "@/app/api/runs/route";
import { createApiToken } from "@/lib/server/auth/tokens";
import { call, db, uniqueName } from "../helpers";

describe("POST /api/runs", () => {
  it("creates a run and returns its id; the same name again returns the same run", async () => {
    const name = uniqueName("grpo");
    const first = await call(runsRoute.POST, "POST", {
      body: { name, model: "Qwen2.5-1.5B-Instruct", regime: "vanilla_rl", rlLr: 1e-6, seed: 3 },
    });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ id: expect.any(String), isCreated: true });

    const again = await call(runsRoute.POST, "POST", { body: { name, regime: "ops" } });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);

    const detail = await call(runRoute.GET, "GET", { params: { id: first.json.id } });
    expect(detail.json).toMatchObject({
      name,
      model: "Qwen2.5-1.5B-Instruct",
      regime: "vanilla_rl",
      rlLr: 1e-6,
      seed: 3,
      status: "running",
      phases: [],
    });
  });

  it("names the offending field of a bad body and writes nothing", async () => {
    const name = uniqueName("bad");
    const res = await call(runsRoute.POST, "POST", {
      body: { name, rlLr: "fast", phases: [{ kind: "sft", startStep: 10, endStep: 2 }] },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["phases.0.endStep", "rlLr"]);
    expect(await db().run.count({ where: { name } })).toBe(0);
  });

  it("rejects a body that is not JSON with 400", async () => {
    const res = await call(runsRoute.POST, "POST", { rawBody: "{name:" });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/not valid JSON/);
  });

  it("requires a valid bearer token: missing, wrong and revoked tokens get 401", async () => {
    const body = { name: uniqueName("auth") };
    expect((await call(runsRoute.POST, "POST", { body, token: null })).status).toBe(401);
    expect((await call(runsRoute.POST, "POST", { body, token: "not-the-token-at-all" })).status).toBe(401);

    const stored = await createApiToken(db(), "ci");
    expect((await call(runsRoute.POST, "POST", { body, token: stored.token })).status).toBe(201);
    await db().apiToken.update({ where: { id: stored.id }, data: { revokedAt: new Date() } });
    expect(
      (await call(runsRoute.POST, "POST", { body: { name: uniqueName("auth") }, token: stored.token })).status,
    ).toBe(401);
  });

  it("stores tokens only as hashes", async () => {
    const { token, id } = await createApiToken(db(), "hash-check");
    const row = await db().apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
  });
});

describe("GET /api/runs and PATCH /api/runs/:id", () => {
  it("lists runs filtered by regime and status", async () => {
    const regime = uniqueName("regime");
    const a = await call(runsRoute.POST, "POST", { body: { name: uniqueName("a"), regime } });
    await call(runsRoute.POST, "POST", { body: { name: uniqueName("b"), regime } });
    await call(runRoute.PATCH, "PATCH", {
      params: { id: a.json.id },
      body: { status: "finished", phases: [{ kind: "sft", startStep: 0, endStep: 9 }] },
    });

    const all = await call(runsRoute.GET, "GET", { query: { regime } });
    expect(all.json.runs).toHaveLength(2);
    const finished = await call(runsRoute.GET, "GET", { query: { regime, status: "finished" } });
    expect(finished.json.runs.map((r: { id: string }) => r.id)).toEqual([a.json.id]);
    expect(finished.json.runs[0].phases).toEqual([{ kind: "sft", startStep: 0, endStep: 9 }]);
  });

  it("answers 404 for an unknown run", async () => {
    expect((await call(runRoute.GET, "GET", { params: { id: "nope" } })).status).toBe(404);
    expect((await call(runRoute.PATCH, "PATCH", { params: { id: "nope" }, body: { status: "failed" } })).status).toBe(
      404,
    );
  });
});
