import { parseMetricText } from "../series/metric-value";
import type { ParseIssue, ParseResult } from "../transcripts/message";
import { parsePythonJson } from "./python-json";
import type { MetricPoint } from "./schemas";

const MAX_ISSUES = 20;

/**
 * The metric history in a transformers/TRL `trainer_state.json` (written by `TrainerState.save_to_json`:
 * `json.dumps(dataclasses.asdict(state), indent=2, sort_keys=True)`, so NaN is Python's bare `NaN`).
 * Each `log_history` entry is one `Trainer.log` call: its `step` and the values logged then (`loss`,
 * `reward`, `rewards/<func>/mean`, `kl`, `entropy`, `epoch`, evaluation's `eval_*`, and the final
 * `train_runtime`-style summary). Numbers and non-finite values become points; other values (strings,
 * lists) are skipped and counted. An entry without an integer step is an issue naming it.
 */
export function parseTrainerState(text: string): ParseResult<{ points: MetricPoint[]; skipped: number }> {
  let doc: unknown;
  try {
    doc = parsePythonJson(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const detail = (error as Error).message.replace(/\s+/g, " ").slice(0, 120);
    return { ok: false, issues: [{ path: "(file)", message: `not valid JSON (${detail})` }] };
  }
  const history =
    typeof doc === "object" && doc !== null && !Array.isArray(doc)
      ? (doc as { log_history?: unknown }).log_history
      : undefined;
  if (!Array.isArray(history)) {
    return {
      ok: false,
      issues: [
        {
          path: "log_history",
          message: "expected an object with a log_history list, as transformers' TrainerState.save_to_json writes",
        },
      ],
    };
  }
  const points: MetricPoint[] = [];
  const issues: ParseIssue[] = [];
  let skipped = 0;
  history.forEach((entry: unknown, i) => {
    const step = typeof entry === "object" && entry !== null ? (entry as { step?: unknown }).step : undefined;
    if (typeof step !== "number" || !Number.isInteger(step) || step < 0 || step > 2_147_483_647) {
      if (issues.length < MAX_ISSUES)
        issues.push({
          path: `log_history.${i}.step`,
          message: `expected a non-negative integer step, got ${JSON.stringify(step)}`,
        });
      return;
    }
    for (const [key, raw] of Object.entries(entry as Record<string, unknown>)) {
      if (key === "step") continue;
      const value = typeof raw === "number" ? raw : typeof raw === "string" ? parseMetricText(raw) : null;
      if (value === null) skipped++;
      else points.push({ step, key, value });
    }
  });
  if (issues.length > 0) return { ok: false, issues };
  if (points.length === 0) return { ok: false, issues: [{ path: "log_history", message: "no logged values found" }] };
  return { ok: true, value: { points, skipped } };
}
