import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as signInRoute from "@/app/api/sign-in/route";
import { createApiToken } from "@/lib/server/auth/tokens";
import { TEST_API_TOKEN } from "../global-setup";
import { db, uniqueName } from "../helpers";
import { routeMethods, statusOf, WRITE_METHODS, type RouteMethod } from "./route-files";

const READ_TOKEN = "read-token-0123456789abcdef";
const saved = process.env.SPIKEWATCH_READ_TOKEN;
// Set before anything in this file reads the settings (getConfig parses once per process).
beforeAll(() => void (process.env.SPIKEWATCH_READ_TOKEN = READ_TOKEN));
afterAll(
  () =>
    void (saved === undefined ? delete process.env.SPIKEWATCH_READ_TOKEN : (process.env.SPIKEWATCH_READ_TOKEN = saved)),
);

let reads: RouteMethod[];
beforeAll(async () => {
  reads = (await routeMethods()).filter((r) => r.method === "GET" && r.route !== "/api/healthz");
});
const runsList = () => reads.find((r) => r.route === "/api/runs")!;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signIn(token: string, next = "/runs/abc?step=3"): Promise<Response> {
  const body = new URLSearchParams({ token, next }).toString();
  return signInRoute.POST(
    new Request("http://spikewatch.test/api/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    }),
    { params: Promise.resolve({}) },
  );
}

describe("SPIKEWATCH_READ_TOKEN", () => {
  it("every read endpoint but /api/healthz answers 401 without a token or with a wrong one", async () => {
    expect(reads.length).toBeGreaterThanOrEqual(14);
    const wrongToken = bearer(`${READ_TOKEN}x`);
    const wrongCookie = { cookie: "spikewatch_read=not-the-session" };
    for (const entry of reads) {
      expect(
        [await statusOf(entry), await statusOf(entry, wrongToken), await statusOf(entry, wrongCookie)],
        entry.route,
      ).toEqual([401, 401, 401]);
    }
    const healthz = (await routeMethods()).find((r) => r.route === "/api/healthz")!;
    expect(await statusOf(healthz)).toBe(200);
  });

  it("the read token, the env write token and a stored write token all read; a revoked one does not", async () => {
    for (const entry of reads) expect(await statusOf(entry, bearer(READ_TOKEN)), entry.route).not.toBe(401);
    expect(await statusOf(runsList(), bearer(READ_TOKEN))).toBe(200);
    expect(await statusOf(runsList(), bearer(TEST_API_TOKEN))).toBe(200);
    const stored = await createApiToken(db(), uniqueName("reader"));
    expect(await statusOf(runsList(), bearer(stored.token))).toBe(200);
    await db().apiToken.update({ where: { id: stored.id }, data: { revokedAt: new Date() } });
    expect(await statusOf(runsList(), bearer(stored.token))).toBe(401);
  });

  it("the read token cannot write", async () => {
    const writes = (await routeMethods()).filter((r) => WRITE_METHODS.includes(r.method) && r.route !== "/api/sign-in");
    for (const entry of writes) {
      expect(
        await statusOf(
          entry,
          { ...bearer(READ_TOKEN), "content-type": "application/json" },
          JSON.stringify({ name: "x" }),
        ),
        `${entry.method} ${entry.route}`,
      ).toBe(401);
    }
  });

  it("sign-in sets an httpOnly SameSite=Lax cookie that is not the token, and the cookie reads the API", async () => {
    const res = await signIn(READ_TOKEN);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/runs/abc?step=3");
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^spikewatch_read=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toContain(READ_TOKEN);
    expect(await statusOf(runsList(), { cookie: `theme=dark; ${setCookie.split(";")[0]}` })).toBe(200);

    // A write token signs in too, to the same session.
    expect((await signIn(TEST_API_TOKEN)).headers.get("set-cookie")).toBe(setCookie);
  });

  it("sign-in refuses a wrong token and never redirects off the site", async () => {
    const wrong = await signIn("guess-0123456789abcdef");
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get("location")).toBe(`/sign-in?failed=1&next=${encodeURIComponent("/runs/abc?step=3")}`);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      expect((await signIn(READ_TOKEN, next)).headers.get("location")).toBe("/");
    }
  });
});
