const NON_FINITE = ["-Infinity", "Infinity", "NaN"] as const;

/**
 * Parses JSON as Python's `json.dumps` writes it: standard JSON plus the bare words `NaN`, `Infinity`
 * and `-Infinity` (its default `allow_nan=True`), which become null, since a JSON value cannot hold
 * them. Undefined when the text is not such JSON. Those words inside strings are left alone.
 */
export function parsePythonJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    if (!/NaN|Infinity/.test(text)) return undefined;
  }
  try {
    return { value: JSON.parse(nonFiniteAsNull(text)) as unknown };
  } catch {
    return undefined;
  }
}

function nonFiniteAsNull(text: string): string {
  let out = "";
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    const word = NON_FINITE.find((w) => text.startsWith(w, i));
    if (!word) continue;
    out += `${text.slice(from, i)}null`;
    i += word.length - 1;
    from = i + 1;
  }
  return out + text.slice(from);
}
