// What a trainer's HTTP client does: JSON posts with the API token, re-posting the same batch after
// a dropped connection, a 5xx or a 503 with capped exponential backoff.
import { TEST_API_TOKEN } from "@/test/global-setup";

export type ApiReply = { status: number; json: any };

export async function postJson(base: string, route: string, body: unknown, token = TEST_API_TOKEN): Promise<ApiReply> {
  const res = await fetch(`${base}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

export type RetryStats = { retries: number; connectionErrors: number; serverErrors: number };

const MAX_ATTEMPTS = 200;
const MAX_DELAY_MS = 1_000;

/** Posts until a reply below 500 arrives; bounded, so a server that never comes back fails the test. */
export async function postWithRetry(base: string, route: string, body: unknown, stats: RetryStats): Promise<ApiReply> {
  for (let attempt = 0; ; attempt++) {
    const reply = await postJson(base, route, body).catch(() => null);
    if (reply && reply.status < 500) return reply;
    if (reply) stats.serverErrors++;
    else stats.connectionErrors++;
    if (attempt + 1 >= MAX_ATTEMPTS)
      throw new Error(
        `${route}: no answer below 500 after ${MAX_ATTEMPTS} attempts (last ${reply?.status ?? "connection error"})`,
      );
    stats.retries++;
    await new Promise((r) => setTimeout(r, Math.min(MAX_DELAY_MS, 25 * 2 ** attempt)));
  }
}
