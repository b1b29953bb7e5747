const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c;

/**
 * Index just past the bracket that closes the `{` or `[` at `start`, or -1 when it never closes
 * before `limit`. Double-quoted strings (with backslash escapes) are skipped, so a `}` or a
 * `</tool_call>` inside a JSON string does not end the payload. One linear pass, no regex.
 */
export function matchBracket(text: string, start: number, limit: number = text.length): number {
  const first = text.charCodeAt(start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return -1;
  const end = Math.min(limit, text.length);
  const expectedClosers: number[] = [];
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE) expectedClosers.push(CLOSE_BRACE);
    else if (c === OPEN_BRACKET) expectedClosers.push(CLOSE_BRACKET);
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      // A mismatched closer means this is not JSON; let the caller fall back to the closing tag.
      if (expectedClosers.pop() !== c) return -1;
      if (expectedClosers.length === 0) return i + 1;
    }
  }
  return -1;
}
