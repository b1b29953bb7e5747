import type { ParseIssue, ParseResult } from "../transcripts/message";
import type { MetricPointInput } from "./schemas";

const STEP_COLUMNS = ["step", "_step", "global_step", "Step"];
const MAX_ISSUES = 20;

/**
 * Reads metric histories exported from W&B or verl logs. CSV: either long (`step,key,value` columns)
 * or wide (a step column, then one column per metric key). JSON lines: `{step, key, value}` or wide
 * `{step, "<key>": value, ...}`. Empty cells, NaN and non-numeric values are skipped and counted
 * (wide exports leave gaps where a key was not logged); a row without a valid integer step is an
 * issue naming its line. Quoted CSV fields with commas are supported; quoted newlines are not.
 */
export function parseMetricsFile(text: string, kind: "csv" | "jsonl"): ParseResult<{ points: MetricPointInput[]; skipped: number }> {
  return kind === "csv" ? parseCsv(text) : parseJsonl(text);
}

type Acc = { points: MetricPointInput[]; skipped: number; issues: ParseIssue[] };

function addValue(acc: Acc, step: number, key: string, raw: unknown): void {
  const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  if (Number.isFinite(value)) acc.points.push({ step, key, value });
  else acc.skipped++;
}

function readStep(raw: unknown, line: number, acc: Acc): number | null {
  const step = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  if (Number.isInteger(step) && step >= 0) return step;
  if (acc.issues.length < MAX_ISSUES) acc.issues.push({ path: `line ${line}`, message: `step must be a non-negative integer, got ${JSON.stringify(raw)}` });
  return null;
}

function finish(acc: Acc): ParseResult<{ points: MetricPointInput[]; skipped: number }> {
  if (acc.issues.length > 0) return { ok: false, issues: acc.issues };
  if (acc.points.length === 0) return { ok: false, issues: [{ path: "(file)", message: "no metric values found" }] };
  return { ok: true, value: { points: acc.points, skipped: acc.skipped } };
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

function parseCsv(text: string): ParseResult<{ points: MetricPointInput[]; skipped: number }> {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "");
  const stepCol = header.findIndex((h) => STEP_COLUMNS.includes(h));
  if (stepCol < 0) return { ok: false, issues: [{ path: "line 1", message: `header needs a step column (one of ${STEP_COLUMNS.join(", ")})` }] };
  const keyCol = header.indexOf("key");
  const valueCol = header.indexOf("value");
  const isLong = keyCol >= 0 && valueCol >= 0;
  const acc: Acc = { points: [], skipped: 0, issues: [] };

  lines.slice(1).forEach((line, i) => {
    if (line.trim() === "") return;
    const cells = splitCsvLine(line);
    const step = readStep(cells[stepCol], i + 2, acc);
    if (step === null) return;
    if (isLong) {
      const key = cells[keyCol] ?? "";
      if (key === "") acc.skipped++;
      else addValue(acc, step, key, cells[valueCol]);
      return;
    }
    header.forEach((key, col) => {
      if (col !== stepCol && key !== "" && !key.startsWith("_")) addValue(acc, step, key, cells[col]);
    });
  });
  return finish(acc);
}

function parseJsonl(text: string): ParseResult<{ points: MetricPointInput[]; skipped: number }> {
  const acc: Acc = { points: [], skipped: 0, issues: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      if (acc.issues.length < MAX_ISSUES) acc.issues.push({ path: `line ${i + 1}`, message: "not valid JSON" });
      return;
    }
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      if (acc.issues.length < MAX_ISSUES) acc.issues.push({ path: `line ${i + 1}`, message: "expected a JSON object" });
      return;
    }
    const record = row as Record<string, unknown>;
    const stepKey = STEP_COLUMNS.find((k) => k in record) ?? "step";
    const step = readStep(record[stepKey], i + 1, acc);
    if (step === null) return;
    if (typeof record.key === "string" && "value" in record) return addValue(acc, step, record.key, record.value);
    for (const [key, value] of Object.entries(record)) {
      if (key !== stepKey && !key.startsWith("_")) addValue(acc, step, key, value);
    }
  });
  return finish(acc);
}
