import type { Span } from "../classifier/types";

/**
 * A piece of an assistant turn for display. Text stays exactly as written (the UI renders it as a
 * text node, never as HTML); `isFailing` marks the classifier's failing span. A tool-call block shows
 * its payload pretty-printed when it is JSON (`isJson`), else verbatim.
 */
export type TurnSegment =
  { kind: "text"; text: string; isFailing: boolean } | { kind: "tool_call"; payload: string; isJson: boolean };

const TOOL_CALL_BLOCK = /<tool_call>([\s\S]*?)<\/tool_call>/g;

type Block = { start: number; end: number; payload: string };

/**
 * Splits `content` into text and tool-call segments, marking `span` ([start, end) character offsets
 * into `content`). A span is clamped to the content; an empty or reversed one highlights nothing.
 * A tool-call block that the span touches is shown as raw text, so the highlight lands on the exact
 * characters the classifier pointed at rather than on a reformatted payload.
 */
export function segmentTurn(content: string, span?: Span | null): TurnSegment[] {
  const failing = clampSpan(span, content.length);
  const segments: TurnSegment[] = [];
  let cursor = 0;
  for (const block of toolCallBlocks(content)) {
    if (failing && failing.start < block.end && failing.end > block.start) continue;
    segments.push(...textSegments(content, cursor, block.start, failing));
    segments.push(toolCallSegment(block.payload));
    cursor = block.end;
  }
  segments.push(...textSegments(content, cursor, content.length, failing));
  return segments;
}

/** `text` pretty-printed with a 2-space indent when it is a JSON object or array, else null. */
export function prettyJson(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return null;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return null;
  }
}

function clampSpan(span: Span | null | undefined, length: number): Span | null {
  if (!span || !Number.isFinite(span.start) || !Number.isFinite(span.end)) return null;
  const start = Math.max(0, Math.min(length, Math.floor(span.start)));
  const end = Math.max(0, Math.min(length, Math.ceil(span.end)));
  return end > start ? { start, end } : null;
}

function toolCallBlocks(content: string): Block[] {
  return [...content.matchAll(TOOL_CALL_BLOCK)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    payload: m[1] ?? "",
  }));
}

function toolCallSegment(payload: string): TurnSegment {
  const pretty = prettyJson(payload);
  return pretty === null
    ? { kind: "tool_call", payload: payload.trim(), isJson: false }
    : { kind: "tool_call", payload: pretty, isJson: true };
}

/** The text of content[from, to), cut where the failing span begins and ends; empty pieces dropped. */
function textSegments(content: string, from: number, to: number, failing: Span | null): TurnSegment[] {
  const cuts = [from, to];
  if (failing) cuts.push(...[failing.start, failing.end].filter((c) => c > from && c < to));
  cuts.sort((a, b) => a - b);
  const out: TurnSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    if (end <= start) continue;
    const isFailing = failing !== null && start >= failing.start && end <= failing.end;
    out.push({ kind: "text", text: content.slice(start, end), isFailing });
  }
  return out;
}
