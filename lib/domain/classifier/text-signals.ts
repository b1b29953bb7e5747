import type { Finding } from "./finding";
import type { Span } from "./types";

// A ChatML header decoded without its special tokens: the lowercase role word opens a line (maybe after
// junk such as "!" or "!_") and ends the line or is followed by a symbol. "User ID: 12345" (capital,
// ordinary prose) and "user name is" do not match; "user\n...", "!\nassistant", "user// Tool call" do.
const ROLE_AT_LINE_START = /^[^\p{L}\p{N}]*(user|assistant|system)(?=[^\p{L}\p{N}\s]|\s*$)/u;
// A role label in brackets on a line of its own, e.g. "[System]".
const BRACKETED_ROLE = /^\s*\[(system|user|assistant)\]\s*$/i;
const CONTROL_TOKEN = /<\|[A-Za-z0-9_]{1,40}\|>/g;
const TAG = /<\/?([A-Za-z][A-Za-z0-9_]{0,39})>/g;
// The model narrating a tool result it never received ("Execution result: ...", "Observation: ...").
const OUTPUT_HEADER =
  /^[^\p{L}\p{N}\n]*(execution results?|tool (?:response|output|result)s?|function (?:output|result)s?|observation)\s*:/iu;

// What each pattern needs to be present at all: one includes/test over the turn skips the per-line work.
const MAY_LEAK_ROLE = /user|assistant|system|\[/;

// Ordinary markup a text answer may contain; any other <word> tag is an invented format tag.
const HTML_TAGS = new Set(
  "a b i u s em strong code pre br p ul ol li h1 h2 h3 h4 h5 h6 hr sup sub table thead tbody tr td th div span blockquote kbd".split(
    " ",
  ),
);

/** Spans of leaked role words (see ROLE_AT_LINE_START) and bracketed role labels, one per line at most. */
export function findRoleLeaks(text: string): Span[] {
  const spans: Span[] = [];
  if (!MAY_LEAK_ROLE.test(text)) return spans;
  forEachLine(text, (line, offset) => {
    const bracketed = BRACKETED_ROLE.exec(line);
    if (bracketed) {
      const at = line.indexOf("[");
      spans.push({ start: offset + at, end: offset + line.indexOf("]") + 1 });
      return;
    }
    const m = ROLE_AT_LINE_START.exec(line);
    if (m) {
      const start = offset + m[0].length - m[1]!.length;
      spans.push({ start, end: start + m[1]!.length });
    }
  });
  return spans;
}

/** Spans of ChatML special tokens written as text (`<|im_end|>`, `<|im_start|>`, `<|endoftext|>`, ...). */
export function findControlTokens(text: string): Span[] {
  if (!text.includes("<|")) return [];
  return [...text.matchAll(CONTROL_TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/**
 * Tags other than `<tool_call>` (which the caller has masked): `<tool_response>` means the model wrote
 * a tool result itself; ordinary HTML is ignored; any other tag (`</tool_helper>`, `<tool>`, a stray
 * `<think>`) is an invented tag.
 */
export function findForeignTags(text: string): Finding[] {
  const findings: Finding[] = [];
  if (!text.includes("<")) return findings;
  for (const m of text.matchAll(TAG)) {
    const name = m[1]!.toLowerCase();
    const span = { start: m.index, end: m.index + m[0].length };
    if (name === "tool_response") findings.push({ kind: "invented_tool_output", span });
    else if (!HTML_TAGS.has(name)) findings.push({ kind: "invented_tag", span });
  }
  return findings;
}

/** Lines that open like a tool result the model made up ("execution result:", "Observation:"). */
export function findOutputHeaders(text: string): Span[] {
  const spans: Span[] = [];
  if (!text.includes(":")) return spans;
  forEachLine(text, (line, offset) => {
    const m = OUTPUT_HEADER.exec(line);
    if (m) spans.push({ start: offset + m[0].search(/[\p{L}\p{N}]/u), end: offset + m[0].length });
  });
  return spans;
}

/** Calls `visit` with each line (without its newline) and the line's offset in `text`. */
export function forEachLine(text: string, visit: (line: string, offset: number) => void): void {
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    visit(text.slice(start, end), start);
    if (nl < 0) break;
    start = nl + 1;
  }
}
