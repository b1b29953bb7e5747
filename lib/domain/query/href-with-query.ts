/**
 * `path?key=value&...` with empty values (undefined, null, "") left out, in the order given, so
 * filter links stay short and a cleared filter disappears from the URL.
 */
export function hrefWithQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
