import { matchBracket } from "./match-bracket";
import type { Span } from "./types";

export const OPEN_TAG = "<tool_call>";
export const CLOSE_TAG = "</tool_call>";

/** One `<tool_call>` and what follows it. `close` is null when the tag is never closed. */
export type TagBlock = {
  open: Span;
  payload: Span;
  close: Span | null;
  /** The payload began with `{` or `[` and is treated as JSON (masked from the plain-text checks). */
  jsonLike: boolean;
  /** Another `<tool_call>` came before this one was closed. */
  reopened: boolean;
};

export type ToolCallScan = { blocks: TagBlock[]; orphanCloses: Span[] };

/**
 * Finds `<tool_call>` blocks in `text` in one left-to-right pass. A payload starting with `{` or `[`
 * ends at its matching bracket (string-aware, so `</tool_call>` inside a JSON string is payload); other
 * payloads end at the next tag. A `</tool_call>` with no open block is reported as an orphan.
 */
export function scanToolCalls(text: string): ToolCallScan {
  const blocks: TagBlock[] = [];
  const orphanCloses: Span[] = [];
  // Searching again from every tag would be quadratic on "<tool_call>" x 10^5, so each tag's next position is kept.
  const next: NextTags = { text, open: -1, close: -1 };
  let i = 0;
  for (;;) {
    const open = nextTag(next, "open", i);
    const close = nextTag(next, "close", i);
    if (open === Infinity && close === Infinity) break;
    if (close < open) {
      orphanCloses.push({ start: close, end: close + CLOSE_TAG.length });
      i = close + CLOSE_TAG.length;
      continue;
    }
    const bodyFrom = open + OPEN_TAG.length;
    const block = readBlock(text, open, nextTag(next, "open", bodyFrom), nextTag(next, "close", bodyFrom));
    blocks.push(block);
    i = block.close ? block.close.end : block.payload.end;
  }
  return { blocks, orphanCloses };
}

/** The last found position of each tag in `text` (Infinity: no more). */
type NextTags = { text: string; open: number; close: number };

function nextTag(next: NextTags, tag: "open" | "close", from: number): number {
  const cached = next[tag];
  if (cached === Infinity || cached >= from) return cached;
  const at = next.text.indexOf(tag === "open" ? OPEN_TAG : CLOSE_TAG, from);
  next[tag] = at < 0 ? Infinity : at;
  return next[tag];
}

// nextOpen / nextClose: the first tags after this opening tag (Infinity when none).
function readBlock(text: string, open: number, nextOpen: number, nextClose: number): TagBlock {
  const openSpan = { start: open, end: open + OPEN_TAG.length };
  const bodyStart = skipWhitespace(text, openSpan.end);
  const bodyLimit = Math.min(nextOpen, text.length);
  // Bounding the bracket scan by the next opening tag keeps the whole pass linear on adversarial input.
  const jsonEnd = matchBracket(text, bodyStart, bodyLimit);
  if (jsonEnd > 0) {
    const after = skipWhitespace(text, jsonEnd);
    const closed = text.startsWith(CLOSE_TAG, after);
    return {
      open: openSpan,
      payload: { start: bodyStart, end: jsonEnd },
      close: closed ? { start: after, end: after + CLOSE_TAG.length } : null,
      jsonLike: true,
      reopened: !closed && nextOpen !== Infinity,
    };
  }
  const jsonLike = text[bodyStart] === "{" || text[bodyStart] === "[";
  if (nextClose < nextOpen) {
    return {
      open: openSpan,
      payload: { start: bodyStart, end: trimEnd(text, bodyStart, nextClose) },
      close: { start: nextClose, end: nextClose + CLOSE_TAG.length },
      jsonLike,
      reopened: false,
    };
  }
  return {
    open: openSpan,
    payload: { start: bodyStart, end: trimEnd(text, bodyStart, bodyLimit) },
    close: null,
    jsonLike,
    reopened: nextOpen !== Infinity,
  };
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespaceCode(text.charCodeAt(i))) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isWhitespaceCode(text.charCodeAt(e - 1))) e--;
  return e;
}

/** The characters RegExp `\s` matches (ECMAScript WhiteSpace and LineTerminator), without a RegExp per character. */
function isWhitespaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
