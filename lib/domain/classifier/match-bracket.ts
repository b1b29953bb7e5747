/**
 * Index just past the bracket that closes the `{` or `[` at `start`, or -1 when it never closes
 * before `limit`. Double-quoted strings (with backslash escapes) are skipped, so a `}` or a
 * `</tool_call>` inside a JSON string does not end the payload. One linear pass, no regex.
 */
export function matchBracket(text: string, start: number, limit: number = text.length): number {
  const first = text[start];
  if (first !== "{" && first !== "[") return -1;
  const end = Math.min(limit, text.length);
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") stack.push("}");
    else if (ch === "[") stack.push("]");
    else if (ch === "}" || ch === "]") {
      // A mismatched closer means this is not JSON; let the caller fall back to the closing tag.
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}
