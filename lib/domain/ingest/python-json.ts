/**
 * Parses JSON as Python's `json.dumps` writes it, which spells non-finite floats as the bare tokens
 * `NaN`, `Infinity` and `-Infinity` (not JSON; JSON.parse refuses them). Outside strings those tokens
 * become the strings "NaN", "Infinity", "-Infinity", the wire names of metric values. Throws
 * SyntaxError like JSON.parse for anything else that is not JSON.
 */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
  }
  let out = "";
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else {
      const token = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
      if (token && !/[\w.]/.test(text[i - 1] ?? "") && !/[\w.]/.test(text[i + token[1]!.length] ?? "")) {
        out += `${text.slice(start, i)}"${token[1]}"`;
        i += token[1]!.length - 1;
        start = i + 1;
      }
    }
  }
  return JSON.parse(out + text.slice(start));
}
