import type { Span } from "./types";

/**
 * `text` with every span blanked to spaces (newlines kept), so later detectors ignore those regions
 * while offsets and line starts stay those of the original turn.
 */
export function maskSpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, at);
    const end = Math.min(Math.max(span.end, start), text.length);
    const masked = text.slice(start, end);
    out += text.slice(at, start) + (masked.includes("\n") ? masked.replace(/[^\n]/g, " ") : " ".repeat(masked.length));
    at = end;
  }
  return out + text.slice(at);
}

/** From the first to the last non-whitespace character, or undefined when there is none. */
export function trimmedSpan(text: string): Span | undefined {
  const start = text.search(/\S/);
  if (start < 0) return undefined;
  return { start, end: text.trimEnd().length };
}

/** The first non-whitespace character and the rest of its line (trimmed). */
export function firstLineSpan(text: string): Span | undefined {
  const start = text.search(/\S/);
  if (start < 0) return undefined;
  const nl = text.indexOf("\n", start);
  const end = (nl < 0 ? text : text.slice(0, nl)).trimEnd().length;
  return { start, end };
}

/** The last non-empty line, where a generation cut off at the length cap stopped. */
export function lastLineSpan(text: string): Span {
  const end = text.trimEnd().length;
  const start = text.lastIndexOf("\n", end - 1) + 1;
  return { start, end };
}

/** Every occurrence of the given phrases, ignoring ASCII case (offsets stay those of `text`). */
export function findPhrases(text: string, phrases: readonly string[]): Span[] {
  const lower = asciiLower(text);
  const spans: Span[] = [];
  for (const phrase of phrases) {
    const p = asciiLower(phrase);
    if (p === "") continue;
    for (let i = lower.indexOf(p); i >= 0; i = lower.indexOf(p, i + p.length))
      spans.push({ start: i, end: i + p.length });
  }
  return spans;
}

// String.toLowerCase can change the length ("İ" becomes two code units) and shift every offset after it.
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
