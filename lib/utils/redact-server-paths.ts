// A file name or folder: no separators, quotes, brackets or punctuation that ends a path in prose.
const NAME = String.raw`[^\s'"\x60()[\]<>,;:/\\]`;
// An absolute path of two or more parts (POSIX, or Windows with a drive letter), starting where a
// word, quote, bracket, "=" or ":" ends, so URLs (`http://host/a/b`) and tags (`</tool_call>`) stay.
const BEFORE = String.raw`(^|[\s'"\x60([=:,])`;
const FOLDERS = String.raw`((?:/${NAME}+)+/|[A-Za-z]:[\\/](?:${NAME}+[\\/])*)`;
const ABSOLUTE_PATH = new RegExp(`${BEFORE}${FOLDERS}(${NAME}*)`, "g");

/**
 * Replaces every absolute path in `text` (an error message shown to readers) by "…/" and its last
 * part: "(looked in /srv/data/checkpoints/<id>)" becomes "(looked in …/<id>)". The file a message is
 * about stays named; where the server keeps it does not. Full messages belong in the server log.
 */
export function redactServerPaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, (_, before: string, _folders: string, last: string) => `${before}…/${last}`);
}
