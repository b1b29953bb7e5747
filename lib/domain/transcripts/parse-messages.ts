import { ROLES, type Message, type ParseIssue, type ParseResult, type Role } from "./message";

export const MAX_MESSAGES = 10_000;
/** Longest message, in UTF-16 code units (JavaScript string length), after parts and tool calls are joined. */
export const MAX_MESSAGE_CHARS = 1_000_000;
const MAX_ISSUES = 50; // enough to fix a file; keeps answers about huge broken files small

const ROLE_ALIASES: Record<string, Role> = {
  system: "system",
  developer: "system",
  user: "user",
  human: "user",
  assistant: "assistant",
  agent: "assistant",
  gpt: "assistant",
  model: "assistant",
  tool: "tool",
  execution: "tool",
  function: "tool",
  ipython: "tool",
  observation: "tool",
};
const ALIAS_LIST = Object.keys(ROLE_ALIASES)
  .filter((r) => !(ROLES as readonly string[]).includes(r))
  .join(", ");

/** Maps a role name or alias (case-insensitive, trimmed) to a Role; null when unknown or not a string. */
export function normalizeRole(value: unknown): Role | null {
  if (typeof value !== "string") return null;
  const key = value.trim().toLowerCase();
  return Object.hasOwn(ROLE_ALIASES, key) ? ROLE_ALIASES[key]! : null; // not "__proto__", "constructor"...
}

/**
 * Reads a JSON message list `[{role, content}]` in order (ShareGPT `{from, value}` entries too; an
 * object `{messages: [...]}` is unwrapped). Roles go through `normalizeRole`. Content may be a string,
 * null (read as ""), or an array of parts whose `text` parts are joined; other parts (images) are
 * skipped. OpenAI-style `tool_calls` on an assistant message are appended in Qwen form,
 * `<tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>`, one per call and joined with "\n"
 * after any content, as Qwen's chat template does; `arguments` given as a JSON string is parsed when
 * valid and kept as a string otherwise. Bad entries give issues with paths like `[2].role`; more than
 * 10,000 messages, or a message over 1,000,000 characters, is an issue too. Never throws.
 */
export function parseMessageList(value: unknown): ParseResult<Message[]> {
  const wrapped = !Array.isArray(value) && isRecord(value) && Array.isArray(value.messages);
  const list: unknown = wrapped ? (value as Record<string, unknown>).messages : value;
  const prefix = wrapped ? "messages" : "";
  if (!Array.isArray(list)) return fail("", "expected an array of messages [{role, content}] or {messages: [...]}");
  if (list.length > MAX_MESSAGES) return fail(prefix, `too many messages: ${list.length} (at most ${MAX_MESSAGES})`);

  const messages: Message[] = [];
  const issues: ParseIssue[] = [];
  for (let i = 0; i < list.length && issues.length < MAX_ISSUES; i++) {
    const at = `${prefix}[${i}]`;
    const entry: unknown = list[i];
    if (!isRecord(entry)) {
      issues.push({ path: at, message: "expected an object with role and content" });
      continue;
    }
    const roleKey = "role" in entry || !("from" in entry) ? "role" : "from";
    const role = normalizeRole(entry[roleKey]);
    if (!role) {
      const shown = typeof entry[roleKey] === "string" ? `"${entry[roleKey]}"` : String(entry[roleKey]);
      issues.push({
        path: `${at}.${roleKey}`,
        message: `unknown role ${shown}; allowed: ${ROLES.join(", ")} (aliases: ${ALIAS_LIST})`,
      });
      continue;
    }
    const contentKey = "content" in entry || !("value" in entry) ? "content" : "value";
    const content = readContent(entry[contentKey], `${at}.${contentKey}`, issues);
    const callKey = entry.tool_calls != null ? "tool_calls" : "function_call";
    const calls =
      role === "assistant" && entry[callKey] != null ? renderToolCalls(entry[callKey], `${at}.${callKey}`, issues) : [];
    if (content === null || calls === null) continue;
    const text = [...(content === "" ? [] : [content]), ...calls].join("\n");
    if (text.length > MAX_MESSAGE_CHARS) {
      const path = `${at}.${content.length > MAX_MESSAGE_CHARS || calls.length === 0 ? contentKey : callKey}`;
      const message = `message is ${text.length} characters long; at most ${MAX_MESSAGE_CHARS} are allowed`;
      issues.push({ path, message });
      continue;
    }
    messages.push({ role, content: text });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: messages };
}

function readContent(value: unknown, path: string, issues: ParseIssue[]): string | null {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (!Array.isArray(value)) {
    issues.push({ path, message: "expected a string, null or an array of text parts" });
    return null;
  }
  const texts: string[] = [];
  for (let j = 0; j < value.length; j++) {
    const part: unknown = value[j];
    if (typeof part === "string") texts.push(part);
    else if (isRecord(part) && typeof part.text === "string" && (part.type === undefined || part.type === "text"))
      texts.push(part.text);
    else if (isRecord(part) && typeof part.type === "string" && part.type !== "text")
      continue; // image and other media parts
    else {
      issues.push({ path: `${path}[${j}]`, message: 'expected a part {type: "text", text: string}' });
      return null;
    }
  }
  return texts.join("");
}

/** Renders OpenAI tool calls (or one legacy `function_call`) as Qwen `<tool_call>` blocks. */
function renderToolCalls(value: unknown, path: string, issues: ParseIssue[]): string[] | null {
  const calls = Array.isArray(value) ? value : [value];
  const blocks: string[] = [];
  for (let k = 0; k < calls.length; k++) {
    const call: unknown = calls[k];
    const at = Array.isArray(value) ? `${path}[${k}]` : path;
    const fn = isRecord(call) && isRecord(call.function) ? call.function : call;
    if (!isRecord(fn) || typeof fn.name !== "string") {
      issues.push({ path: at, message: "expected a tool call with a string function name" });
      return null;
    }
    const payload: Record<string, unknown> = { name: fn.name };
    if (fn.arguments !== undefined)
      payload.arguments = typeof fn.arguments === "string" ? parseJsonOr(fn.arguments) : fn.arguments;
    try {
      blocks.push(`<tool_call>\n${pythonJson(payload)}\n</tool_call>`);
    } catch {
      issues.push({ path: `${at}.arguments`, message: "arguments are nested too deeply to render" });
      return null;
    }
  }
  return blocks;
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** JSON with Python's `json.dumps` separators (", " and ": "), as Qwen's template and ACEBench print calls. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (isRecord(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): ParseResult<never> {
  return { ok: false, issues: [{ path, message }] };
}
