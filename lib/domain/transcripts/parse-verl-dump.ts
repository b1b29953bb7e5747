import type { Message, ParseIssue, ParseResult } from "./message";
import { parseChatml } from "./parse-chatml";

export type VerlSplit = "train" | "val";

export type VerlRollout = {
  step: number;
  split: VerlSplit;
  sampleId: string;
  messages: Message[];
  reward: number | null;
  /** OPS gold trajectories (`sft_replace`) stand in for a sampled rollout; they are not policy output. */
  isOffPolicy: boolean;
  meta: Record<string, unknown>;
};

// verl-tool reward managers write `{name}-step-{N}.json` and `{name}-step-val-{N}.json`.
const FILE_NAME = /(?:^|-)step-(val-)?(\d+)\.json$/i;
const META_KEYS = [
  "data_source",
  "traj_ids",
  "error_turn",
  "num_turn",
  "num_valid_action",
  "is_done",
  "ground_truth",
  // Regime flags: OPS replaces one rollout by the gold trajectory, HBG shows some rollouts a hint.
  "final_actions_is_gt",
  "sft_replace",
  "hint_assistant",
] as const;
// Per-step fields worth keeping; `active` is false for the steps verl pads after a trajectory ended.
const STEP_KEYS = ["active", "valid_action", "finish", "invalid_reason"] as const;
const MAX_ISSUES = 50;

/**
 * Reads step and split from a verl dump file name (a path is fine): `fcl_eval-step-12.json` is train
 * step 12, `fcl_eval-step-val-3.json` validation step 3. Null for any other name.
 */
export function parseVerlDumpFileName(fileName: string): { step: number; split: VerlSplit } | null {
  const match = FILE_NAME.exec(fileName.split(/[\\/]/).pop() ?? "");
  if (!match) return null;
  const step = Number(match[2]);
  return Number.isSafeInteger(step) ? { step, split: match[1] ? "val" : "train" } : null;
}

/**
 * Turns one parsed verl rollout dump (domain.md §6) into rollouts, in file order. Messages come from
 * `prompt + response` read as ChatML. `sampleId` is `String(id)` (or `record-<i>` when the id is
 * missing or null); GRPO writes several trajectories per prompt id, so the k-th repeat of an id in the
 * file gets `<id>#k` (the first keeps the plain id), which makes re-imports of a file idempotent.
 * `reward` is `score` when it is a finite number (booleans count as 1/0), else null. `meta` keeps the
 * record's bookkeeping fields and a compact `tool_interact_info` (per step: active, valid_action,
 * finish, invalid_reason; non-object steps become null). A top level that is not an array, a file
 * name that is not a dump name, or a record without string `prompt`/`response` gives issues.
 */
export function parseVerlDump(json: unknown, fileName: string): ParseResult<VerlRollout[]> {
  const name = parseVerlDumpFileName(fileName);
  if (!name) return fail("fileName", `"${fileName}" is not named <name>-step-<N>.json or <name>-step-val-<N>.json`);
  if (!Array.isArray(json)) return fail("", "expected a JSON array with one record per trajectory");

  const rollouts: VerlRollout[] = [];
  const issues: ParseIssue[] = [];
  const seen = new Map<string, number>();
  const used = new Set<string>();
  for (let i = 0; i < json.length && issues.length < MAX_ISSUES; i++) {
    const record: unknown = json[i];
    if (!isRecord(record)) {
      issues.push({ path: `[${i}]`, message: "expected a rollout record object" });
      continue;
    }
    if (typeof record.prompt !== "string")
      issues.push({ path: `[${i}].prompt`, message: "expected the decoded prompt as a string" });
    if (typeof record.response !== "string")
      issues.push({ path: `[${i}].response`, message: "expected the decoded response as a string" });
    if (typeof record.prompt !== "string" || typeof record.response !== "string") continue;

    rollouts.push({
      ...name,
      sampleId: uniqueId(baseId(record.id, i), seen, used),
      messages: parseChatml(record.prompt + record.response).messages,
      reward: readReward(record.score),
      isOffPolicy: isTruthyFlag(record.sft_replace),
      meta: readMeta(record),
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: rollouts };
}

function baseId(id: unknown, index: number): string {
  if (typeof id === "string" || (typeof id === "number" && Number.isFinite(id))) return String(id);
  return `record-${index}`;
}

function uniqueId(base: string, seen: Map<string, number>, used: Set<string>): string {
  let k = seen.get(base) ?? 0;
  let candidate = k === 0 ? base : `${base}#${k}`;
  // Skip suffixes taken by ids that already contain "#k", so ids stay unique within the file.
  while (used.has(candidate)) candidate = `${base}#${++k}`;
  seen.set(base, k + 1);
  used.add(candidate);
  return candidate;
}

function readReward(score: unknown): number | null {
  if (typeof score === "number") return Number.isFinite(score) ? score : null;
  if (typeof score === "boolean") return score ? 1 : 0;
  return null;
}

function readMeta(record: Record<string, unknown>): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  for (const key of META_KEYS) if (record[key] !== undefined) meta[key] = record[key];
  const info = record.tool_interact_info;
  if (info !== undefined) meta.tool_interact_info = Array.isArray(info) ? info.map(compactStep) : null;
  return meta;
}

function compactStep(step: unknown): Record<string, unknown> | null {
  if (!isRecord(step)) return null;
  const out: Record<string, unknown> = {};
  for (const key of STEP_KEYS) if (step[key] !== undefined) out[key] = step[key];
  return out;
}

function isTruthyFlag(value: unknown): boolean {
  return value === true || value === 1 || value === "true";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): ParseResult<never> {
  return { ok: false, issues: [{ path, message }] };
}
