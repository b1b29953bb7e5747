import fs from "node:fs";
import path from "node:path";
import { CliError } from "./output";

const collator = new Intl.Collator("en", { numeric: true });

/** Files under `target` (itself when a file), recursively, in natural order ("2" before "10"). */
export function listFiles(target: string, accept: (name: string) => boolean = () => true): string[] {
  if (!fs.existsSync(target)) throw new CliError(`${target}: no such file or directory`);
  if (fs.statSync(target).isFile()) return [target];
  const out: string[] = [];
  for (const entry of fs
    .readdirSync(target, { withFileTypes: true })
    .sort((a, b) => collator.compare(a.name, b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, accept));
    else if (entry.isFile() && !entry.name.startsWith(".") && accept(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Files directly in `dir` whose name gives a step (`stepOf` not null), in step order; a file path is
 * taken alone. Sub-folders are not entered: a trainer writes one folder per split.
 */
export function listStepFiles(dir: string, stepOf: (name: string) => number | null): { file: string; step: number }[] {
  if (!fs.existsSync(dir)) throw new CliError(`${dir}: no such file or directory`);
  const names = fs.statSync(dir).isFile() ? [path.basename(dir)] : fs.readdirSync(dir);
  const base = fs.statSync(dir).isFile() ? path.dirname(dir) : dir;
  return names
    .map((name) => ({ file: path.join(base, name), step: stepOf(name) }))
    .filter((f): f is { file: string; step: number } => f.step !== null && fs.statSync(f.file).isFile())
    .sort((a, b) => a.step - b.step);
}

export function readText(file: string): string {
  return fs.readFileSync(file, "utf8");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

// C0 control characters that text never holds (tab, line breaks, form feed and ESC of ANSI colours excepted).
const BINARY_CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;

/**
 * The UTF-8 text of a file's bytes; a file holding invalid UTF-8 or control characters text never
 * holds (NUL and the like) is binary, never a transcript, and fails naming the file.
 */
export function textOf(bytes: Uint8Array, file: string): string {
  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = undefined;
  }
  if (text === undefined || BINARY_CONTROL.test(text)) {
    throw new CliError(`${file}: a binary file, not text (and not a parquet file)`);
  }
  return text;
}
