import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@/scripts/spawn-server";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";

// The proxy runs only inside Next, so pages are tested against a real server (npm start's script).
const READ_TOKEN = "read-token-server-0123456789";
let server: RunningServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = makeTempDir("read-token");
  server = await startServer({ SPIKEWATCH_DATA_DIR: dataDir, DATABASE_URL: "", SPIKEWATCH_READ_TOKEN: READ_TOKEN });
}, 900_000);
afterAll(async () => {
  await server?.stop();
  removeDir(dataDir);
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.base}${path}`, { headers, redirect: "manual" });

describe("a server with SPIKEWATCH_READ_TOKEN", () => {
  it("sends pages to /sign-in, answers the API with 401, and keeps /api/healthz open", async () => {
    const page = await get("/runs/some-run/rollouts?step=2");
    expect(page.status).toBe(307);
    expect(
      new URL(page.headers.get("location")!, server.base).pathname +
        new URL(page.headers.get("location")!, server.base).search,
    ).toBe(`/sign-in?next=${encodeURIComponent("/runs/some-run/rollouts?step=2")}`);
    expect((await get("/api/runs")).status).toBe(401);
    expect((await get("/api/healthz")).status).toBe(200);
    const signInPage = await get("/sign-in?next=/");
    expect(signInPage.status).toBe(200);
    expect(await signInPage.text()).toContain('name="token"');
  });

  it("signs a browser in with a cookie that opens pages and the API", async () => {
    const wrong = await fetch(`${server.base}/api/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ token: "nope-0123456789abcdef", next: "/" }),
      redirect: "manual",
    });
    expect(wrong.headers.get("location")).toMatch(/^\/sign-in\?failed=1/);

    const res = await fetch(`${server.base}/api/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ token: READ_TOKEN, next: "/" }),
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).not.toContain(READ_TOKEN);

    const home = await get("/", { cookie });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Runs");
    expect((await get("/api/runs", { cookie })).status).toBe(200);
    expect((await get("/api/runs", { authorization: `Bearer ${READ_TOKEN}` })).status).toBe(200);
    const write = await fetch(`${server.base}/api/runs`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(write.status).toBe(401);
  });

  // Found by a black-box probe of the production server: each of these sent a signed-in browser
  // to //evil.example. `new URL(location, base)` resolves them as a browser does.
  it.each([
    "/.//evil.example",
    "/..//evil.example/path",
    "/%09/evil.example",
    "/\t/evil.example",
    "/%2e%2e//evil.example",
    "/%5C/evil.example",
  ])("keeps the browser on the site after sign-in with next=%j", async (next) => {
    const body = new URLSearchParams({ token: READ_TOKEN, next });
    const res = await fetch(`${server.base}/api/sign-in`, { method: "POST", body, redirect: "manual" });
    expect(res.status).toBe(303);
    const target = new URL(res.headers.get("location")!, server.base);
    expect(target.origin).toBe(server.base);
    expect(target.pathname.startsWith("//")).toBe(false);

    const form = await (await get(`/sign-in?next=${encodeURIComponent(next)}`)).text();
    const hidden = /name="next" value="([^"]*)"/.exec(form)?.[1]?.replaceAll("&amp;", "&");
    expect(new URL(hidden!, server.base).origin).toBe(server.base);
  });
});
