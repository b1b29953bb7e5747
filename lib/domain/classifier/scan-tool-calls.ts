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
  // Cached next position of each tag: searching again from every tag would be quadratic on "<tool_call>" x 10^5.
  const cache = { open: -1, close: -1 };
  function find(tag: "open" | "close", from: number): number {
    const cached = cache[tag];
    if (cached === Infinity || cached >= from) return cached;
    const at = text.indexOf(tag === "open" ? OPEN_TAG : CLOSE_TAG, from);
    cache[tag] = at < 0 ? Infinity : at;
    return cache[tag];
  }
  let i = 0;
  for (;;) {
    const open = find("open", i);
    const close = find("close", i);
    if (open === Infinity && close === Infinity) break;
    if (close < open) {
      orphanCloses.push({ start: close, end: close + CLOSE_TAG.length });
      i = close + CLOSE_TAG.length;
      continue;
    }
    const bodyFrom = open + OPEN_TAG.length;
    const block = readBlock(text, open, find("open", bodyFrom), find("close", bodyFrom));
    blocks.push(block);
    i = block.close ? block.close.end : block.payload.end;
  }
  return { blocks, orphanCloses };
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
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}
