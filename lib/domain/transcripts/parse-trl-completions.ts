import type { Message, ParseIssue, ParseResult } from "./message";
import { parsePromptAndResponse } from "./parse-prompt-response";

/** Rows of a completions table by column name, as read from parquet or a W&B table file. */
export type CompletionsTable = { columns: string[]; rows: unknown[][] };

export type TrlCompletion = {
  step: number;
  sampleId: string;
  messages: Message[];
  reward: number | null;
  meta: Record<string, unknown>;
};

// GRPOTrainer.log: f"completions_{self.state.global_step:05d}.parquet" under <output_dir>/completions/.
const FILE_NAME = /^completions_(\d+)\.parquet$/;
const TEXT_COLUMNS = ["prompt", "completion"] as const;
const ADVANTAGE = "advantage";
const MEDIA_COLUMNS = new Set(["image", "images"]);
const MAX_ISSUES = 50;

/** The global step of a TRL completions file (`completions_00012.parquet`, a path is fine), else null. */
export function parseTrlCompletionsFileName(fileName: string): number | null {
  const match = FILE_NAME.exec(fileName.split(/[\\/]/).pop() ?? "");
  return match ? Number(match[1]) : null;
}

/**
 * A W&B table file as `wandb.Table` writes it (`media/table/*.table.json`, and what the W&B UI exports):
 * `{"columns": [...], "data": [[...], ...]}`, maybe with `"_type": "table"` and other keys, which are ignored.
 */
export function readWandbTable(json: unknown): ParseResult<CompletionsTable> {
  if (!isRecord(json) || !Array.isArray(json.columns) || !Array.isArray(json.data)) {
    return fail("", 'expected a W&B table: {"columns": [...], "data": [[...], ...]}');
  }
  if (json._type !== undefined && json._type !== "table")
    return fail("_type", `expected "table", got ${JSON.stringify(json._type)}`);
  const columns = json.columns;
  const bad = columns.findIndex((c) => typeof c !== "string");
  if (bad >= 0) return fail(`columns[${bad}]`, "expected a column name");
  const row = json.data.findIndex((r) => !Array.isArray(r) || r.length !== columns.length);
  if (row >= 0) return fail(`data[${row}]`, `expected a row of ${columns.length} cells`);
  return { ok: true, value: { columns: columns as string[], rows: json.data as unknown[][] } };
}

/**
 * Rollouts of a TRL GRPOTrainer completions table (GRPOTrainer.log with `log_completions=True`: the
 * parquet `completions/completions_{step:05d}.parquet` of TRL releases since January 2026, and the
 * `wandb.Table` logged as "completions"): columns `step`, `prompt`, `completion`, one column per
 * reward function (its `__name__`), the extra columns reward functions log, and `advantage`.
 *
 * `prompt` and `completion` are read with parsePromptAndResponse (TRL decodes the completion with
 * special tokens skipped; older releases logged the prompt with its chat template). `step` is the
 * column (a number, or the string older releases logged) or, without one, `fileStep`. Reward
 * columns are `rewardColumns` when given, else every column other than `step` and `advantage` whose
 * cells are all numbers or empty; `reward` is their sum over the finite values (TRL's logged `reward`
 * is the same unweighted nansum), null when there is none. `meta` keeps each reward (`rewards`),
 * `advantage` and the other columns (`extra`; `image`/`images` are left out); non-finite numbers
 * become null. `sampleId` is the row's index among the table's rows of its step.
 */
export function parseTrlCompletions(
  table: CompletionsTable,
  { fileStep, rewardColumns }: { fileStep?: number; rewardColumns?: readonly string[] } = {},
): ParseResult<TrlCompletion[]> {
  const index = new Map(table.columns.map((c, i) => [c, i]));
  const missing = TEXT_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0)
    return fail("columns", `missing ${missing.join(" and ")}; found ${table.columns.join(", ") || "no columns"}`);
  if (!index.has("step") && fileStep === undefined)
    return fail("columns", "no step column, and the file name gives no step");
  const unknown = (rewardColumns ?? []).filter((c) => !index.has(c));
  if (unknown.length > 0)
    return fail("columns", `no reward column ${unknown.join(", ")}; found ${table.columns.join(", ")}`);
  const rewards = rewardColumns
    ? [...rewardColumns]
    : table.columns.filter((c) => isRewardColumn(table, index.get(c)!, c));
  const extras = table.columns.filter(
    (c) => !rewards.includes(c) && !["step", ...TEXT_COLUMNS, ADVANTAGE].includes(c) && !MEDIA_COLUMNS.has(c),
  );

  const out: TrlCompletion[] = [];
  const issues: ParseIssue[] = [];
  const perStep = new Map<number, number>();
  table.rows.forEach((row, r) => {
    if (issues.length >= MAX_ISSUES) return;
    const cell = (column: string) => row[index.get(column)!];
    const step = index.has("step") ? readStep(cell("step")) : fileStep!;
    if (step === undefined)
      issues.push({
        path: `row ${r}.step`,
        message: `expected a non-negative integer step, got ${shown(cell("step"))}`,
      });
    for (const column of TEXT_COLUMNS) {
      if (typeof cell(column) !== "string")
        issues.push({ path: `row ${r}.${column}`, message: `expected text, got ${shown(cell(column))}` });
    }
    if (step === undefined || typeof cell("prompt") !== "string" || typeof cell("completion") !== "string") return;
    const k = perStep.get(step) ?? 0;
    perStep.set(step, k + 1);
    const values = rewards.map((c) => [c, toNumber(cell(c))] as const);
    const finite = values.map(([, v]) => v).filter((v): v is number => v !== null && Number.isFinite(v));
    out.push({
      step,
      sampleId: String(k),
      messages: parsePromptAndResponse(cell("prompt") as string, cell("completion") as string).messages,
      reward: finite.length > 0 ? finite.reduce((a, b) => a + b, 0) : null,
      meta: {
        rewards: Object.fromEntries(values.map(([c, v]) => [c, v !== null && Number.isFinite(v) ? v : null])),
        ...(index.has(ADVANTAGE) ? { advantage: jsonSafe(cell(ADVANTAGE)) } : {}),
        ...(extras.length > 0 ? { extra: Object.fromEntries(extras.map((c) => [c, jsonSafe(cell(c))])) } : {}),
      },
    });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: out };
}

function isRewardColumn(table: CompletionsTable, i: number, name: string): boolean {
  if (
    name === "step" ||
    name === ADVANTAGE ||
    (TEXT_COLUMNS as readonly string[]).includes(name) ||
    MEDIA_COLUMNS.has(name)
  )
    return false;
  const cells = table.rows.map((row) => row[i]).filter((v) => v !== null && v !== undefined);
  return cells.length > 0 && cells.every((v) => typeof v === "number" || typeof v === "bigint");
}

function readStep(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : toNumber(value);
  return n !== null && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return null;
}

/** A cell as JSON can hold it: bigints as numbers, non-finite numbers as null, nested values alike. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value === undefined ? null : value;
}

function shown(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  return value === undefined ? "nothing" : (JSON.stringify(value) ?? String(value)).slice(0, 40);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): ParseResult<never> {
  return { ok: false, issues: [{ path, message }] };
}
