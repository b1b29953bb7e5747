import type { FailureKind, StructuralState } from "../classifier/types";
import type { Rng } from "./prng";
import type { TaskCall } from "./tasks";
import { misspelledToolName } from "./tool-catalog";

/** What the simulated policy does in one assistant turn; `healthy` is a correct call or final answer. */
export const TURN_MODES = [
  "healthy",
  "bare_tag",
  "empty_turn",
  "junk_tail",
  "bad_json",
  "unknown_tool",
  "untagged_call",
] as const;
export type TurnMode = (typeof TURN_MODES)[number];
export type FailureMode = Exclude<TurnMode, "healthy">;
export const FAILURE_MODES = TURN_MODES.filter((m): m is FailureMode => m !== "healthy");

/** The turn is due to call `call`, or (all calls done) to answer with `answer`; `lastCall` is re-sent by call-like failures. */
export type TurnTarget = { kind: "call"; call: TaskCall } | { kind: "answer"; answer: string; lastCall: TaskCall };

/**
 * The structural state (and the failure kind, if any) our classifier must give each mode: the
 * simulator's contract with lib/domain/classifier, checked by the demo tests.
 */
export const EXPECTED_CLASSIFICATION: Record<FailureMode, { state: StructuralState; failure: FailureKind }> = {
  bare_tag: { state: "full_collapse", failure: "bare_tag" },
  empty_turn: { state: "full_collapse", failure: "empty_turn" },
  junk_tail: { state: "text_pollution", failure: "junk_tail" },
  bad_json: { state: "text_pollution", failure: "bad_json" },
  unknown_tool: { state: "text_pollution", failure: "unknown_tool" },
  untagged_call: { state: "text_pollution", failure: "untagged_call" },
};

const BARE_TAGS = ["<tool_call>", "<tool_call>\n", "<tool_call>\n<tool_call>", "<tool_call>\n</tool_call>"] as const;
const JUNK_LINES = [
  "I hope this helps!",
  "Please wait while I process the request.",
  "Let me know if anything else is needed",
  "Thank you for your patience!!",
  "The answer will follow shortly.",
] as const;

/** The text of an assistant turn in Qwen's format (`<tool_call>\n{json}\n</tool_call>` for calls). */
export function renderTurn(mode: TurnMode, target: TurnTarget, rng: Rng): string {
  if (mode === "healthy") return target.kind === "answer" ? target.answer : tagged(callJson(target.call));
  const call = target.kind === "call" ? target.call : target.lastCall;
  switch (mode) {
    case "bare_tag":
      return rng.pick(BARE_TAGS);
    case "empty_turn":
      return rng.pick(["", "\n"]);
    case "junk_tail":
      return `${tagged(callJson(call))}\n${rng.pick(JUNK_LINES)}`;
    case "bad_json":
      return tagged(brokenJson(call, rng));
    case "unknown_tool":
      return tagged(callJson({ ...call, name: misspelledToolName(call.name) }));
    case "untagged_call":
      return rng.chance(0.7) ? callJson(call) : `\`\`\`json\n${callJson(call)}\n\`\`\``;
    default:
      return assertNever(mode);
  }
}

/** `{"name": .., "arguments": {..}}` with Python's json.dumps separators, as Qwen writes calls. */
export function callJson(call: Pick<TaskCall, "name" | "arguments">): string {
  return pythonJson({ name: call.name, arguments: call.arguments });
}

function tagged(payload: string): string {
  return `<tool_call>\n${payload}\n</tool_call>`;
}

function brokenJson(call: TaskCall, rng: Rng): string {
  const json = callJson(call);
  switch (rng.int(0, 2)) {
    case 0:
      return json.slice(0, -1); // the closing brace is missing
    case 1:
      return json.replaceAll('"', "'"); // Python-dict quotes
    default:
      return `${json.slice(0, -1)}, }`; // a trailing comma
  }
}

function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function assertNever(value: never): never {
  throw new Error(`unexpected turn mode: ${String(value)}`);
}
