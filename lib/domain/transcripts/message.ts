/** A chat turn after parsing, whatever the source format. ACEBench `agent` is `assistant`, `execution` is `tool`. */
export type Role = "system" | "user" | "assistant" | "tool";

export const ROLES = ["system", "user", "assistant", "tool"] as const satisfies readonly Role[];

export type Message = { role: Role; content: string };

/** Which input format a transcript was read from; stored with each rollout so users can trace odd parses. */
export type TranscriptFormat =
  | "chatml"
  | "chatml_stripped"
  | "messages"
  | "acebench_table"
  | "verl_record" // verl-tool verl_step_records dumps
  | "verl_generations" // upstream verl trainer.rollout_data_dir / validation_data_dir <step>.jsonl
  | "trl_completions"; // TRL GRPOTrainer completions tables (parquet, W&B table JSON)

export type ParseIssue = { path: string; message: string };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ParseIssue[] };
