import type { Message, ParseIssue, ParseResult, Role } from "./message";

export type AcebenchRow = { index: number; sender: string; recipient: string; content: string };
export type AcebenchDialogue = { rows: AcebenchRow[]; messages: Message[] };

const SENDER_ROLES: Record<string, Role> = { user: "user", agent: "assistant", execution: "tool" };
const HEADER = /^\|\s*message_index\s*\|\s*sender\s*\|\s*recipient\s*\|\s*content\s*\|\s*$/;
const SEPARATOR = /^\|-+\|-+\|-+\|-+\|\s*$/;
const CLOSE = " |";

/** Column geometry from the header: its five `|`, where content starts, its width, a raw cell's padding. */
type Layout = { bars: number[]; contentStart: number; contentWidth: number; rawPad: string };
type RowStart = { line: number; index: number; sender: string; recipient: string };

/**
 * Parses an ACEBench `dialogue_history` table (domain.md §6) into rows and chat messages.
 *
 * The writer (ACEBench `write_message_history`) pads every cell to the header's column width, cuts
 * long one-line content into chunks of exactly `width` characters on continuation rows whose first
 * three cells are blank, and writes content holding a newline raw across physical lines followed by
 * `width + 1` spaces and ` |` (its `wcswidth` is -1 there, so it never wraps such content). Rows must
 * start at index 0 and count up by one; a row-like line is accepted as a new row only when it carries
 * the next index, its `|` sit at the header's positions and the line before it can end a row (a padded
 * cell, or `width + 1` spaces and ` |`), so model text that imitates the table stays content. Trailing
 * spaces of a cell's content cannot be told from padding and are dropped. A missing header or row 0,
 * an unknown sender or an unterminated last row gives issues (`line N`, 1-based); nothing throws.
 */
export function parseAcebenchTable(text: string): ParseResult<AcebenchDialogue> {
  const lines = splitLines(text.replace(/^\uFEFF/, ""));
  let h = 0;
  while (h < lines.length && lines[h]!.trim() === "") h++;
  if (h >= lines.length || !HEADER.test(lines[h]!)) {
    return fail(
      `line ${h < lines.length ? h + 1 : 1}`,
      "missing table header `| message_index | sender | recipient | content |`",
    );
  }
  const layout = readLayout(lines[h]!);
  let first = h + 1;
  if (first < lines.length && SEPARATOR.test(lines[first]!)) first++;
  let end = lines.length;
  while (end > first && lines[end - 1]!.trim() === "") end--; // a trailing newline, never content

  const starts: RowStart[] = [];
  for (let n = first; n < end; n++) {
    const start = readRowStart(lines[n]!, n, layout);
    if (!start || start.index !== starts.length) continue;
    if (n !== first && !closesRow(lines[n - 1]!, layout)) continue; // inside a raw multi-line cell
    starts.push(start);
  }
  if (starts.length === 0 || starts[0]!.line !== first)
    return fail(`line ${first + 1}`, "expected row 0 of the table here");

  const rows: AcebenchRow[] = [];
  const messages: Message[] = [];
  const issues: ParseIssue[] = [];
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k]!;
    const stop = k + 1 < starts.length ? starts[k + 1]!.line : end;
    const content = decodeCell(lines.slice(start.line, stop), layout);
    if (content === null) {
      issues.push({ path: `line ${stop}`, message: `row ${start.index} is not closed by " |" (truncated file?)` });
      continue;
    }
    const sender = start.sender.toLowerCase();
    const role = Object.hasOwn(SENDER_ROLES, sender) ? SENDER_ROLES[sender] : undefined; // not "constructor"...
    if (!role) {
      issues.push({
        path: `line ${start.line + 1}`,
        message: `unknown sender "${start.sender}" (expected user, agent or execution)`,
      });
      continue;
    }
    rows.push({ index: start.index, sender: start.sender, recipient: start.recipient, content });
    messages.push({ role, content });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { rows, messages } };
}

// Files written on Windows carry CRLF everywhere, content newlines included.
function splitLines(text: string): string[] {
  const firstBreak = text.indexOf("\n");
  const crlf = firstBreak > 0 && text[firstBreak - 1] === "\r";
  return text.split(crlf ? "\r\n" : "\n");
}

function readLayout(header: string): Layout {
  const bars: number[] = [];
  for (let i = 0; i < header.length; i++) if (header[i] === "|") bars.push(i);
  const [, , , b3 = 0, b4 = 0] = bars;
  const contentWidth = b4 - b3 - 3;
  return { bars, contentStart: b3 + 2, contentWidth, rawPad: " ".repeat(contentWidth + 1) };
}

function readRowStart(line: string, lineNo: number, layout: Layout): RowStart | null {
  const cells = leadingCells(line, layout);
  if (!cells || !/^\d+$/.test(cells[0]) || cells[1] === "") return null;
  return { line: lineNo, index: Number(cells[0]), sender: cells[1], recipient: cells[2] };
}

/** Whether the writer could end a row with this line: a padded cell, or a raw cell's last line. */
function closesRow(line: string, layout: Layout): boolean {
  if (!line.endsWith(CLOSE)) return false;
  return leadingCells(line, layout) !== null || line.endsWith(layout.rawPad + CLOSE);
}

function isContinuation(line: string, layout: Layout): boolean {
  const cells = leadingCells(line, layout);
  return cells !== null && cells.every((c) => c === "") && line.endsWith(CLOSE);
}

/** The first three cells, trimmed, when the line's `|` sit exactly where the header's do. */
function leadingCells(line: string, layout: Layout): [string, string, string] | null {
  const [b0, b1, b2, b3] = layout.bars;
  if (b3 === undefined || line.length < layout.contentStart) return null;
  if (line[b0!] !== "|" || line[b1!] !== "|" || line[b2!] !== "|" || line[b3] !== "|") return null;
  return [line.slice(b0! + 1, b1).trim(), line.slice(b1! + 1, b2).trim(), line.slice(b2! + 1, b3).trim()];
}

/** Rebuilds one row's content from its physical lines; null when the cell never closes. */
function decodeCell(block: string[], layout: Layout): string | null {
  const { contentStart, contentWidth, rawPad } = layout;
  const head = block[0]!.slice(contentStart);
  const rest = block.slice(1);
  if (head.endsWith(CLOSE) && rest.every((l) => isContinuation(l, layout))) {
    const cells = [head, ...rest.map((l) => l.slice(contentStart))].map((c) => c.slice(0, -CLOSE.length));
    const last = cells.pop()!.replace(/ +$/, "");
    // A non-final chunk is exactly `width` code points; anything after it is padding (zero-width text).
    return cells.map((c) => Array.from(c).slice(0, contentWidth).join("")).join("") + last;
  }
  const raw = [head, ...rest].join("\n");
  if (!raw.endsWith(CLOSE)) return null;
  const body = raw.slice(0, -CLOSE.length);
  return body.endsWith(rawPad) ? body.slice(0, -rawPad.length) : body.replace(/ +$/, "");
}

function fail(path: string, message: string): ParseResult<never> {
  return { ok: false, issues: [{ path, message }] };
}
