import { randomUUID } from "node:crypto";
import { getDb } from "../lib/server/db";
import { TEST_API_TOKEN } from "./global-setup";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type CallOptions = {
  params?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  token?: string | null;
  query?: Record<string, string | number>;
};

/** Calls a Next route handler as the server would: a real Request in, a real Response out. */
export async function call(
  handler: RouteHandler,
  method: string,
  options: CallOptions = {},
): Promise<{ status: number; json: any }> {
  const url = new URL("http://spikewatch.test/api");
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = options.token === undefined ? TEST_API_TOKEN : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

export const db = getDb;

/** A unique run name, so tests never collide or need to wipe shared tables. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export const COLLAPSED_TURN =
  "<|im_start|>user\nSend Frank a message<|im_end|>\n<|im_start|>assistant\n<tool_call>\n<|im_end|>\n";
export const HEALTHY_CALL_TURN =
  '<|im_start|>user\nSend Frank a message<|im_end|>\n<|im_start|>assistant\n<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank"}}\n</tool_call><|im_end|>\n';
