import type { FailureKind, ToolCall } from "./types";

export type PayloadCheck = { call: ToolCall | null; failures: FailureKind[] };

/**
 * Checks one payload found between `<tool_call>` tags: a JSON object with a non-empty string `name`
 * and an object `arguments` (Qwen's format). An empty payload is a `bare_tag`; anything that is not a
 * JSON object is `bad_json`. The caller bounds the payload length, so `JSON.parse` stays cheap.
 */
export function checkToolCallPayload(payload: string): PayloadCheck {
  const trimmed = payload.trim();
  if (trimmed === "") return { call: null, failures: ["bare_tag"] };
  const parsed = parseJson(trimmed);
  if (!isPlainObject(parsed)) return { call: null, failures: ["bad_json"] };
  return checkCallObject(parsed);
}

function checkCallObject(obj: Record<string, unknown>): PayloadCheck {
  const failures: FailureKind[] = [];
  const name = obj.name;
  const args = obj.arguments;
  if (typeof name !== "string" || name.trim() === "") failures.push("missing_name");
  if (!isPlainObject(args)) failures.push("missing_arguments");
  if (failures.length > 0) return { call: null, failures };
  return { call: { name: name as string, arguments: args as Record<string, unknown> }, failures };
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True for `{...}` values (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
