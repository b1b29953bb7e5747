import { matchBracket } from "./match-bracket";
import { isPlainObject, parseJson } from "./parse-tool-call";
import type { Span } from "./types";

const NAME_KEY = /\{\s*["']name["']\s*:/g;
// Broken or single-quoted JSON still reads as a call when `name` is followed by `arguments`; a tool
// schema dump ({"name": .., "description": ..}) does not.
const CALL_PREFIX = /^\{\s*["']name["']\s*:\s*["'][^"'\n]{1,200}["']\s*,\s*["']arguments["']\s*:/;
const PY_LIST_CALL = /\[\s*[A-Za-z_][\w.]{0,63}\(/;
// A call without list brackets opening a line: keyword arguments ("login(username='Grace'") or the
// whole line being the call ("get_latest_message_id()"). Prose puts a space before "(" or words after ")".
const PY_BARE_CALL = /^[^\S\n]*[A-Za-z_][\w.]{0,63}\((?:\s*[A-Za-z_]\w{0,63}\s*=|[^\n]*\)[^\S\n]*$)/m;

/** At most this many `{"name":` candidates are bracket-matched, so junk full of them stays cheap. */
const MAX_CANDIDATES = 32;

/**
 * The first JSON (or Python-dict) tool call written outside `<tool_call>` tags: an object whose `name`
 * is a string and that has an `arguments` key, parsed when possible and otherwise recognised by its
 * opening keys. The caller masks tagged payloads, so this only sees untagged text.
 */
export function findUntaggedCall(text: string): Span | undefined {
  if (!text.includes("{")) return undefined;
  let tried = 0;
  for (const m of text.matchAll(NAME_KEY)) {
    if (++tried > MAX_CANDIDATES) break;
    const end = matchBracket(text, m.index);
    const parsed = end > 0 ? parseJson(text.slice(m.index, end)) : undefined;
    if (isPlainObject(parsed)) {
      if (typeof parsed.name === "string" && "arguments" in parsed) return { start: m.index, end };
      continue;
    }
    if (CALL_PREFIX.test(text.slice(m.index, m.index + 400))) {
      return { start: m.index, end: end > 0 ? end : lineEnd(text, m.index) };
    }
  }
  return undefined;
}

/** The first Python-style call: `[f(a=1)]` list syntax anywhere, or a bare `f(a=1)` / `f()` line. */
export function findPythonCall(text: string): Span | undefined {
  if (!text.includes("(")) return undefined;
  const candidates = [PY_LIST_CALL.exec(text), PY_BARE_CALL.exec(text)].filter((m): m is RegExpExecArray => m !== null);
  if (candidates.length === 0) return undefined;
  const first = candidates.reduce((a, b) => (b.index < a.index ? b : a));
  const start = first.index + (first[0].length - first[0].trimStart().length);
  return { start, end: lineEnd(text, start) };
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl < 0 ? text.length : nl;
}
