import type { Span } from "./types";

/**
 * `text` with every span blanked to spaces (newlines kept), so later detectors ignore those regions
 * while offsets and line starts stay those of the original turn.
 */
export function maskSpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const sorted = spans.length === 1 ? spans : [...spans].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, at);
    const end = Math.min(Math.max(span.end, start), text.length);
    if (start > at) parts.push(text.slice(at, start));
    if (end > start) parts.push(blank(text, start, end));
    at = end; // end >= start >= at: spans are clamped to the text and to what is already out
  }
  if (at < text.length) parts.push(text.slice(at));
  // One flat string: appending pieces would make a rope that every later RegExp has to flatten again.
  return parts.join("");
}

const SPACES = " ".repeat(256);

/** text[start, end) with every character but newlines turned into a space. */
function blank(text: string, start: number, end: number): string {
  let out = "";
  let from = start;
  for (let nl = text.indexOf("\n", from); nl >= 0 && nl < end; nl = text.indexOf("\n", from)) {
    out += spaces(nl - from) + "\n";
    from = nl + 1;
  }
  return out + spaces(end - from);
}

function spaces(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : " ".repeat(n);
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
  const spans: Span[] = [];
  for (const phrase of phrases) {
    if (phrase === "") continue;
    const pattern = phrasePattern(phrase);
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text))
      spans.push({ start: m.index, end: m.index + phrase.length });
  }
  return spans;
}

const phrasePatterns = new Map<string, RegExp>();

// Only A-Z/a-z fold: String.toLowerCase can change the length ("İ" becomes two code units) and shift every
// offset after it, and a case-insensitive RegExp would fold non-ASCII letters too. Cached: phrases are a few constants.
function phrasePattern(phrase: string): RegExp {
  let pattern = phrasePatterns.get(phrase);
  if (!pattern) {
    const source = Array.from(phrase, (c) =>
      /[A-Za-z]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"),
    ).join("");
    pattern = new RegExp(source, "g");
    if (phrasePatterns.size < 64) phrasePatterns.set(phrase, pattern);
  }
  return pattern;
}
