/**
 * True when every `/`-separated segment of a URL path decodes with `decodeURIComponent`: each `%XX`
 * escape is part of a whole UTF-8 character (no lone byte `%FF`, no surrogate `%ED%A0%80`, no cut
 * sequence, no bare `%`). Next decodes route parameters the same way and fails with a 500 otherwise.
 */
export function isWellEncodedPath(pathname: string): boolean {
  return pathname.split("/").every((segment) => {
    try {
      decodeURIComponent(segment);
      return true;
    } catch {
      return false;
    }
  });
}
