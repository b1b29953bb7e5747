import { parse as parseCsvText } from "csv-parse/sync";
import { parseMetricText } from "../series/metric-value";
import type { ParseIssue, ParseResult } from "../transcripts/message";
import { parsePythonJson } from "./python-json";
import type { MetricPoint } from "./schemas";

/**
 * Step columns tried in order when none is named: TRL's `train/global_step` comes before W&B's own
 * `_step` (a W&B export of a TRL run counts log calls in `_step`, training steps in `train/global_step`).
 */
export const STEP_COLUMNS = ["train/global_step", "step", "global_step", "Step", "_step"];
const MAX_ISSUES = 20;

export type MetricsFile = { points: MetricPoint[]; skipped: number; stepColumn: string };
export type MetricsFileOptions = { stepColumn?: string };

/**
 * Reads metric histories exported from W&B or trainer logs. CSV (RFC 4180 through csv-parse: quoted
 * fields with commas and newlines, a BOM, CRLF): long (`step,key,value`) or wide (a step column, then one
 * column per key: a W&B run history export, or a W&B chart export whose `<run> - <key>` columns are
 * read as `<key>` and whose `__MIN`/`__MAX` columns are dropped). JSON lines: `{step, key, value}` or
 * wide `{step, "<key>": value, ...}`, Python's bare NaN allowed. Values: numbers; NaN and infinities
 * (`nan`, `inf`, `NaN`, `Infinity`, ...) are kept; empty and non-numeric cells are skipped and counted,
 * as is a row with an empty step. Columns starting with `_` (W&B's own) and unnamed ones are ignored.
 * A row whose step is not a non-negative integer is an issue naming its line.
 */
export function parseMetricsFile(
  text: string,
  kind: "csv" | "jsonl",
  options: MetricsFileOptions = {},
): ParseResult<MetricsFile> {
  return kind === "csv" ? parseCsv(text, options) : parseJsonl(text, options);
}

type Acc = { points: MetricPoint[]; skipped: number; issues: ParseIssue[] };

function addIssue(acc: Acc, issue: ParseIssue): void {
  if (acc.issues.length < MAX_ISSUES) acc.issues.push(issue);
}

function addValue(acc: Acc, step: number, key: string, raw: unknown): void {
  const value = typeof raw === "number" ? raw : typeof raw === "string" ? parseMetricText(raw) : null;
  if (value === null) acc.skipped++;
  else acc.points.push({ step, key, value });
}

/** The step of a row: a non-negative integer, null for an empty cell (row skipped), or an issue. */
function readStep(raw: unknown, line: number, acc: Acc): number | null {
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return null;
  const step = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : Number.NaN;
  if (Number.isInteger(step) && step >= 0 && step <= 2_147_483_647) return step;
  addIssue(acc, { path: `line ${line}`, message: `step must be a non-negative integer, got ${JSON.stringify(raw)}` });
  return null;
}

function finish(acc: Acc, stepColumn: string): ParseResult<MetricsFile> {
  if (acc.issues.length > 0) return { ok: false, issues: acc.issues };
  if (acc.points.length === 0) return { ok: false, issues: [{ path: "(file)", message: "no metric values found" }] };
  return { ok: true, value: { points: acc.points, skipped: acc.skipped, stepColumn } };
}

function pickStepColumn(names: readonly string[], options: MetricsFileOptions): string | null {
  if (options.stepColumn !== undefined) return names.includes(options.stepColumn) ? options.stepColumn : null;
  return STEP_COLUMNS.find((c) => names.includes(c)) ?? null;
}

function stepColumnIssue(names: readonly string[], options: MetricsFileOptions, where: string): ParseIssue {
  const wanted =
    options.stepColumn !== undefined
      ? `the step column "${options.stepColumn}"`
      : `a step column (one of ${STEP_COLUMNS.join(", ")}; or name one with --step-column)`;
  return {
    path: where,
    message: `expected ${wanted}; found ${
      names
        .slice(0, 12)
        .map((n) => JSON.stringify(n))
        .join(", ") || "nothing"
    }`,
  };
}

type CsvRecord = { record: string[]; info: { lines: number } };

function parseCsv(text: string, options: MetricsFileOptions): ParseResult<MetricsFile> {
  let rows: CsvRecord[];
  try {
    rows = parseCsvText(text, { bom: true, info: true, skip_empty_lines: true, trim: true }) as unknown as CsvRecord[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      ok: false,
      issues: [
        { path: line ? `line ${line}` : "(file)", message: `not a valid CSV file: ${(error as Error).message}` },
      ],
    };
  }
  const header = rows[0]?.record ?? [];
  const stepColumn = pickStepColumn(header, options);
  if (stepColumn === null) return { ok: false, issues: [stepColumnIssue(header, options, "line 1")] };
  const stepCol = header.indexOf(stepColumn);
  const [keyCol, valueCol] = [header.indexOf("key"), header.indexOf("value")];
  const columns = keyCol >= 0 && valueCol >= 0 ? null : wideColumns(header, stepCol);
  const acc: Acc = { points: [], skipped: 0, issues: [] };

  for (const { record: cells, info } of rows.slice(1)) {
    const step = readStep(cells[stepCol], info.lines, acc);
    if (step === null) {
      acc.skipped += cells.filter((c, i) => i !== stepCol && c !== "").length;
      continue;
    }
    if (columns === null) {
      const key = cells[keyCol] ?? "";
      if (key === "") acc.skipped++;
      else addValue(acc, step, key, cells[valueCol]);
      continue;
    }
    for (const { index, key } of columns) addValue(acc, step, key, cells[index]);
  }
  return finish(acc, stepColumn);
}

/**
 * The metric columns of a wide CSV: every named column but the step, W&B's `_` columns and a chart
 * export's `__MIN`/`__MAX` companions; a chart export's shared `<run> - ` prefix is removed.
 */
function wideColumns(header: readonly string[], stepCol: number): { index: number; key: string }[] {
  const columns = header
    .map((name, index) => ({ index, key: name }))
    .filter(({ index, key }) => index !== stepCol && key !== "" && !key.startsWith("_") && !/__(MIN|MAX)$/.test(key));
  const prefixes = new Set(columns.map(({ key }) => /^(.+?) - /.exec(key)?.[1]));
  const [prefix] = prefixes;
  if (prefixes.size !== 1 || prefix === undefined) return columns;
  return columns.map(({ index, key }) => ({ index, key: key.slice(prefix.length + 3) }));
}

function parseJsonl(text: string, options: MetricsFileOptions): ParseResult<MetricsFile> {
  const acc: Acc = { points: [], skipped: 0, issues: [] };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (looksLikeTrainerState(text)) {
    return {
      ok: false,
      issues: [
        {
          path: "(file)",
          message:
            "this is a transformers/TRL trainer_state.json, not JSON lines: import it with `spikewatch import trl-state`",
        },
      ],
    };
  }
  let stepColumn: string | null = options.stepColumn ?? null;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let row: unknown;
    try {
      row = parsePythonJson(line);
    } catch {
      return addIssue(acc, { path: `line ${i + 1}`, message: "not valid JSON" });
    }
    if (typeof row !== "object" || row === null || Array.isArray(row))
      return addIssue(acc, { path: `line ${i + 1}`, message: "expected a JSON object" });
    const record = row as Record<string, unknown>;
    const stepKey = pickStepColumn(Object.keys(record), options);
    if (stepKey === null) return addIssue(acc, stepColumnIssue(Object.keys(record), options, `line ${i + 1}`));
    stepColumn ??= stepKey;
    const step = readStep(record[stepKey], i + 1, acc);
    if (step === null) return;
    if (typeof record.key === "string" && "value" in record) return addValue(acc, step, record.key, record.value);
    for (const [key, value] of Object.entries(record)) {
      if (key !== stepKey && !key.startsWith("_")) addValue(acc, step, key, value);
    }
  });
  return finish(acc, stepColumn ?? "step");
}

function looksLikeTrainerState(text: string): boolean {
  if (!/^\s*\{\s*$/m.test(text.split("\n", 1)[0] ?? "") || !text.includes('"log_history"')) return false;
  try {
    const doc = parsePythonJson(text);
    return typeof doc === "object" && doc !== null && Array.isArray((doc as { log_history?: unknown }).log_history);
  } catch {
    return false;
  }
}
