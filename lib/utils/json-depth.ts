/**
 * True when JSON `text` nests arrays/objects deeper than `maxDepth`, read in one pass without
 * parsing (brackets inside strings do not count). Deep values parse fine but overflow the stack of
 * every recursive reader after it (JSON.stringify, validators), so callers refuse them up front.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isInString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) isInString = false;
    } else if (c === 0x22) isInString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
