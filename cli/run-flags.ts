import { SCHEMES, type CreateRun } from "@/lib/domain/ingest/schemas";
import type { CliArgs, CliOption } from "./command";
import { CliError } from "./output";

/** The run labels every import takes; `--run` names the run (created, or appended to when it exists). */
export const RUN_LABEL_OPTIONS = {
  model: { type: "string", value: "M", description: "model name, e.g. Qwen2.5-1.5B-Instruct" },
  regime: { type: "string", value: "R", description: "supervisory regime, e.g. vanilla_rl, ets, prs" },
  scheme: { type: "string", value: "S", description: `one of ${SCHEMES.join(", ")}` },
  "rl-lr": { type: "string", value: "X", description: "RL learning rate" },
  "sft-lr": { type: "string", value: "X", description: "SFT learning rate" },
  seed: { type: "string", value: "N", description: "random seed of the run" },
} as const satisfies Record<string, CliOption>;

export const RUN_OPTION = {
  type: "string",
  value: "NAME",
  description: "run to create, or to append to when it exists",
  isRequired: true,
} as const satisfies CliOption;

/** The run to create or append to, from `--run` and the label flags, checked like the API checks them. */
export function runFromFlags(values: CliArgs["values"]): CreateRun {
  const flag = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const scheme = flag("scheme");
  if (scheme && !(SCHEMES as readonly string[]).includes(scheme))
    throw new CliError(`--scheme must be one of ${SCHEMES.join(", ")}`);
  const rlLr = flag("rl-lr");
  const sftLr = flag("sft-lr");
  const seed = flag("seed");
  return {
    name: flag("run") ?? "",
    ...(flag("model") ? { model: flag("model") } : {}),
    ...(flag("regime") ? { regime: flag("regime") } : {}),
    ...(scheme ? { scheme: scheme as CreateRun["scheme"] } : {}),
    ...(rlLr ? { rlLr: positiveNumberFlag(rlLr, "--rl-lr") } : {}),
    ...(sftLr ? { sftLr: positiveNumberFlag(sftLr, "--sft-lr") } : {}),
    ...(seed ? { seed: nonNegativeIntFlag(seed, "--seed") } : {}),
  };
}

export function positiveNumberFlag(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new CliError(`${flag} must be a positive number, got "${raw}"`);
  return value;
}

export function nonNegativeIntFlag(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new CliError(`${flag} must be a non-negative integer, got "${raw}"`);
  return value;
}
