import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_API_TOKEN } from "../global-setup";
import { startApiServer, type ApiServer } from "../reliability/support/api-processes";

// Percent-escapes that decode to no valid UTF-8 (a lone byte, a lone surrogate, a cut sequence, a bare
// %) in a dynamic path segment. A probe of the production server got a bare plain-text 500 and an
// empty log for each; Next decodes route parameters itself, so this is tested through `next start`.
const BAD_SEGMENTS = ["%FF", "%ED%A0%80", "%E0%A4%A", "%", "%C0%AF", "abc%FF"];
const READ_TOKEN = "bad-paths-read-token-0123456789";

const servers: Record<string, ApiServer> = {};
beforeAll(async () => {
  servers.open = await startApiServer();
  servers["read-token"] = await startApiServer({ SPIKEWATCH_READ_TOKEN: READ_TOKEN });
}, 300_000);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.kill("SIGTERM")));
});

describe.each(["open", "read-token"])("badly encoded paths (%s server)", (kind) => {
  const request = (path: string, init: RequestInit = {}) =>
    fetch(`${servers[kind]!.base}${path}`, { redirect: "manual", ...init });

  it.each(BAD_SEGMENTS)("API paths with %s answer the JSON 400 error shape", async (segment) => {
    const auth = { authorization: `Bearer ${TEST_API_TOKEN}` };
    const calls: [string, RequestInit][] = [
      [`/api/runs/${segment}`, {}],
      [`/api/runs/${segment}/rollouts?step=1`, { headers: auth }],
      [`/api/checkpoints/${segment}/traces`, {}],
      [`/api/jobs/${segment}`, { method: "HEAD" }],
      [
        `/api/runs/${segment}/rollouts`,
        { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: '{"rollouts": []}' },
      ],
    ];
    for (const [path, init] of calls) {
      const res = await request(path, init);
      expect(res.status, path).toBe(400);
      if (init.method === "HEAD") continue;
      expect(res.headers.get("content-type"), path).toMatch(/^application\/json/);
      const message = expect.stringContaining("percent-encoding");
      expect(await res.json(), path).toMatchObject({ error: { code: "BAD_REQUEST", message } });
    }
  });

  it.each(BAD_SEGMENTS)("pages with %s answer a not-found page of the site, not a 500", async (segment) => {
    for (const path of [`/runs/${segment}`, `/runs/${segment}/rollouts`, `/runs/x/checkpoints/${segment}`]) {
      const res = await request(path);
      expect(res.status, `${path} ${res.headers.get("location")}`).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html, path).toContain("Page not found");
      expect(html, path).toContain('aria-label="Main"');
    }
  });

  it("well-encoded escapes still reach the routes", async () => {
    const headers = kind === "read-token" ? { authorization: `Bearer ${READ_TOKEN}` } : undefined;
    for (const segment of ["%C3%A9", "a%20b", "%25"]) {
      const res = await request(`/api/runs/${segment}`, { headers });
      expect(res.status, segment).toBe(404);
      expect((await res.json()).error.code).toBe("NOT_FOUND");
    }
  });
});
