import type { Message, ParseIssue, ParseResult } from "./message";
import { parsePromptAndResponse } from "./parse-prompt-response";
import { parsePythonJson } from "./python-json";

export type VerlGenerationsSplit = "train" | "val";

export type VerlGeneration = {
  step: number;
  split: VerlGenerationsSplit;
  sampleId: string;
  messages: Message[];
  reward: number | null;
  meta: Record<string, unknown>;
};

export type VerlGenerationsRead = {
  rollouts: VerlGeneration[];
  /** characters of the text read: up to the last "\n", or all of it when the text is final */
  readChars: number;
  /** the text ends inside a line (verl is still writing it); only possible when not final */
  hasPartialLine: boolean;
};

// RayPPOTrainer._dump_generations writes f"{self.global_steps}.jsonl".
const FILE_NAME = /^(\d+)\.jsonl$/;
const RECORD_KEYS = new Set(["input", "output", "score", "step"]);
const MAX_ISSUES = 50;

/** The global step of a verl generations dump named `<step>.jsonl` (a path is fine), else null. */
export function parseVerlGenerationsFileName(fileName: string): number | null {
  const match = FILE_NAME.exec(fileName.split(/[\\/]/).pop() ?? "");
  if (!match) return null;
  const step = Number(match[1]);
  return Number.isSafeInteger(step) ? step : null;
}

/**
 * Reads a verl generations dump (`trainer.rollout_data_dir` or `trainer.validation_data_dir`, written
 * by RayPPOTrainer._dump_generations): one JSON object per line with the decoded prompt `input`, the
 * whole multi-turn response `output` (both decoded with special tokens skipped; see
 * parsePromptAndResponse), `gts`, `score`, `step`, and each reward-extra field. Python's `NaN` and
 * `Infinity` are read as null (parsePythonJson).
 *
 * The record holds no sample id, so `sampleId` is the record's 0-based line number in its step file:
 * stable as long as verl does not rewrite the file (a run resumed from an earlier checkpoint writes
 * the step again; a different sample on a taken line is then reported as a collision, not stored).
 * `reward` is `score` when it is a finite number (true/false count 1/0), else null. `meta` keeps `gts`
 * and every reward-extra field. `step` is the file's (`<step>.jsonl`), which a `step` field must
 * match; without one each record's `step` field is read.
 *
 * Only lines ending in "\n" are read unless `isFinal`: verl writes a file in one go, so a text ending
 * inside a line is still being written (`hasPartialLine`). A final text reads its last line too.
 * Any bad line fails the whole file, with issues named `line N` (1-based).
 */
export function parseVerlGenerations(
  text: string,
  { step, split, isFinal }: { step: number | undefined; split: VerlGenerationsSplit; isFinal: boolean },
): ParseResult<VerlGenerationsRead> {
  const end = isFinal ? text.length : text.lastIndexOf("\n") + 1;
  const lines = text.slice(0, end).split("\n");
  const rollouts: VerlGeneration[] = [];
  const issues: ParseIssue[] = [];
  for (let i = 0; i < lines.length && issues.length < MAX_ISSUES; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (line.trim() === "") continue;
    const at = `line ${i + 1}`;
    const parsed = parsePythonJson(line);
    if (!parsed || !isRecord(parsed.value)) {
      issues.push({ path: at, message: parsed ? "expected a JSON object" : "not valid JSON" });
      continue;
    }
    const record = parsed.value;
    if (typeof record.input !== "string")
      issues.push({ path: `${at}.input`, message: "expected the decoded prompt as a string" });
    if (typeof record.output !== "string")
      issues.push({ path: `${at}.output`, message: "expected the decoded response as a string" });
    const recordStep =
      step ?? (Number.isSafeInteger(record.step) && (record.step as number) >= 0 ? (record.step as number) : undefined);
    if (step === undefined && recordStep === undefined) {
      issues.push({
        path: `${at}.step`,
        message: `expected a non-negative integer step, got ${JSON.stringify(record.step) ?? "nothing"}`,
      });
    } else if (step !== undefined && record.step !== undefined && record.step !== step) {
      issues.push({
        path: `${at}.step`,
        message: `expected ${step}, the step in the file name, got ${JSON.stringify(record.step)}`,
      });
    }
    if (typeof record.input !== "string" || typeof record.output !== "string" || recordStep === undefined) continue;
    rollouts.push({
      step: recordStep,
      split,
      sampleId: String(i),
      messages: parsePromptAndResponse(record.input, record.output).messages,
      reward: readScore(record.score),
      meta: Object.fromEntries(Object.entries(record).filter(([key]) => !RECORD_KEYS.has(key))),
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { rollouts, readChars: end, hasPartialLine: end < text.length } };
}

function readScore(score: unknown): number | null {
  if (typeof score === "number") return Number.isFinite(score) ? score : null;
  if (typeof score === "boolean") return score ? 1 : 0;
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
