import type { APIRequestContext } from "@playwright/test";

const HEALTHY = '<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank", "text": "hi"}}\n</tool_call>';
const COLLAPSED = "<tool_call>";

const headers = () => ({ authorization: `Bearer ${process.env.E2E_TOKEN}` });

export async function createRun(
  request: APIRequestContext,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await request.post("/api/runs", {
    headers: headers(),
    data: { name, regime: "vanilla_rl", scheme: "none", ...extra },
  });
  if (!res.ok()) throw new Error(`create run: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export async function postRollouts(request: APIRequestContext, runId: string, rollouts: unknown[]): Promise<void> {
  const res = await request.post(`/api/runs/${runId}/rollouts`, { headers: headers(), data: { rollouts } });
  if (!res.ok()) throw new Error(`post rollouts: ${res.status()} ${await res.text()}`);
}

/** `count` rollouts at `step`, each a user request and one assistant turn, healthy or collapsed. */
export function stepOf(step: number, count: number, kind: "healthy" | "collapsed") {
  return Array.from({ length: count }, (_, i) => ({
    step,
    sampleId: `${step}-${i}`,
    reward: kind === "healthy" ? 1 : 0,
    messages: [
      { role: "user", content: "Send Frank a message saying hi" },
      { role: "assistant", content: kind === "healthy" ? HEALTHY : COLLAPSED },
    ],
  }));
}

/** Ten healthy steps: the detector's baseline for a fresh run. */
export async function postHealthyBaseline(request: APIRequestContext, runId: string, steps = 10): Promise<void> {
  await postRollouts(request, runId, Array.from({ length: steps }, (_, s) => stepOf(s, 8, "healthy")).flat());
}
