import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_API_TOKEN } from "../global-setup";
import { uniqueName } from "../helpers";
import { postJson } from "../reliability/support/api-client";
import { startApiServer, type ApiServer } from "../reliability/support/api-processes";
import { sendChunkedBody } from "./support/send-chunked-body";

// Every body read is bounded while it streams: a chunked body (no Content-Length to refuse up front)
// past its limit gets 413 without the server holding it. Measured on the production server (`next
// start`), whose own request handling is part of what must hold. The probe that found the sign-in
// hole took the server from 113 MB to 1.4 GB with 400 MB; here it must not rise by 100 MB.
const READ_TOKEN = "request-bodies-read-token-0123";
const BODY_BYTES = 400 * 1024 * 1024;
const MAX_GROWTH_BYTES = 100 * 1024 * 1024;
const MIB = 1024 * 1024;

let server: ApiServer;
let runId: string;
let cookie: string;
beforeAll(async () => {
  server = await startApiServer({ SPIKEWATCH_READ_TOKEN: READ_TOKEN });
  runId = (await postJson(server.base, "/api/runs", { name: uniqueName("bodies") })).json.id as string;
  cookie = (await signIn("/")).headers.get("set-cookie")!.split(";")[0]!;
}, 300_000);
afterAll(async () => {
  await server?.kill("SIGTERM");
});

const signIn = (next: string) => {
  const body = new URLSearchParams({ token: READ_TOKEN, next });
  return fetch(`${server.base}/api/sign-in`, { method: "POST", body, redirect: "manual" });
};

const send = (path: string, headers: Record<string, string>, prefix?: string) =>
  sendChunkedBody(`${server.base}${path}`, { totalBytes: BODY_BYTES, headers, prefix, rssBytes: server.rssBytes });

function expectBounded(reply: { peakRssGrowthBytes: number; sentBytes: number }, what: string) {
  const rise = (reply.peakRssGrowthBytes / MIB).toFixed(0);
  const growth = `${what}: RSS rose ${rise} MiB after sending ${reply.sentBytes / MIB} MiB`;
  console.log(`[request bodies] ${growth}`);
  expect(reply.peakRssGrowthBytes, growth).toBeLessThan(MAX_GROWTH_BYTES);
}

describe("bodies without Content-Length past their limit", () => {
  it("POST /api/sign-in (unauthenticated form): 413 while streaming, nothing buffered", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const reply = await send("/api/sign-in", form, "next=%2F&token=");
    expectBounded(reply, "sign-in");
    expect(reply.status, reply.body).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    // Still a working sign-in afterwards.
    const ok = await signIn("/runs");
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/runs");
  });

  it.each([
    ["POST /api/runs", "/api/runs"],
    ["POST /api/runs/:id/rollouts", "/rollouts"],
    ["POST /api/runs/:id/metrics", "/metrics"],
    ["POST /api/runs/:id/probes", "/probes"],
  ])("%s (JSON, with a write token): 413 while streaming", async (_name, route) => {
    const path = route.startsWith("/api") ? route : `/api/runs/${runId}${route}`;
    const headers = { "content-type": "application/json", authorization: `Bearer ${TEST_API_TOKEN}` };
    const reply = await send(path, headers, '{"rollouts": "');
    expect(reply.status, reply.body).toBe(413);
    expectBounded(reply, path);
  });

  it("a JSON write without a token is refused (401) without reading the body", async () => {
    const reply = await send(`/api/runs/${runId}/rollouts`, { "content-type": "application/json" });
    expect(reply.status).toBe(401);
    expectBounded(reply, "401");
  });

  it("a checkpoint upload whose step field never ends: refused, not held", async () => {
    const boundary = "----bounded-7d3f";
    const headers = {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      authorization: `Bearer ${TEST_API_TOKEN}`,
    };
    const fieldStart = `--${boundary}\r\nContent-Disposition: form-data; name="step"\r\n\r\n`;
    const reply = await send(`/api/runs/${runId}/checkpoints`, headers, fieldStart);
    expect([400, 413, 422], reply.body).toContain(reply.status);
    expectBounded(reply, "multipart field");
  });

  it.each([
    ["a page", {}],
    ["a page, as a Server Action", { "next-action": "0123456789abcdef0123456789abcdef01234567" }],
    [
      "a page, as a multipart Server Action",
      {
        "next-action": "0123456789abcdef",
        "content-type": "multipart/form-data; boundary=x",
      },
    ],
  ])("POST to %s (Next's own handling): no 5xx, not held", async (_name, headers) => {
    const reply = await send("/runs", { cookie, "content-type": "text/plain", ...headers });
    expect(reply.status ?? 0).toBeLessThan(500);
    expectBounded(reply, `page ${JSON.stringify(headers)}`);
  });
});
