import { ConfigError } from "@/lib/server/config";
import { parseArgs } from "node:util";
import { EVAL_KINDS, SCHEMES, type CreateRun, type EvalKind } from "@/lib/domain/ingest/schemas";
import { classifyFiles } from "./commands/classify";
import { loadDemoData, removeDemoData } from "./commands/demo";
import { importAcebench } from "./commands/import-acebench";
import { importMetrics } from "./commands/import-metrics";
import { importVerl } from "./commands/import-verl";
import { reclassify } from "./commands/reclassify";
import { createToken } from "./commands/token";
import { closeContexts, openContext } from "./context";
import { CliError } from "./output";

const USAGE = `usage: spikewatch <command>

  import verl <dir> --run NAME [run labels]      verl_step_records dumps (train and val)
  import acebench <dir...> [--run NAME] [--step N] [--eval-kind K] [run labels]
                                                 ACEBench dialogue tables, one eval rollout each
  import metrics <file.csv|file.jsonl> --run NAME [run labels]
  classify <file|dir> [--json]                   structural state of every assistant turn
  token create [--name NAME]                     new API token for the write endpoints
  reclassify --run NAME [--inline]               classify a run's stored rollouts again
  demo load | demo remove                        simulated demo runs (labelled "demo"), or delete them all

run labels: --model M --regime R --scheme ${SCHEMES.join("|")} --rl-lr X --sft-lr X --seed N
Settings come from the environment (DATABASE_URL, SPIKEWATCH_DATA_DIR; see .env.example).`;

const RUN_OPTIONS = {
  run: { type: "string" },
  model: { type: "string" },
  regime: { type: "string" },
  scheme: { type: "string" },
  "rl-lr": { type: "string" },
  "sft-lr": { type: "string" },
  seed: { type: "string" },
} as const;

type RunFlags = { [K in keyof typeof RUN_OPTIONS]?: string };

/** Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  try {
    await dispatch(argv);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`spikewatch: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CliError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`spikewatch: ${error.message}\n`);
      return error instanceof CliError ? 1 : 2;
    }
    throw error;
  } finally {
    await closeContexts();
  }
}

async function dispatch(argv: string[]): Promise<void> {
  const [command, sub] = argv;
  if (command === "classify") {
    const { values, positionals } = parseArgs({ args: argv.slice(1), options: { json: { type: "boolean" } }, allowPositionals: true });
    return classifyFiles(onePositional(positionals, "classify <file|dir>"), { isJson: values.json ?? false });
  }
  if (command === "import" && sub === "verl") {
    const { values, positionals } = parseArgs({ args: argv.slice(2), options: RUN_OPTIONS, allowPositionals: true });
    return importVerl(await openContext(), onePositional(positionals, "import verl <dir>"), runInput(values, true));
  }
  if (command === "import" && sub === "acebench") {
    const options = { ...RUN_OPTIONS, step: { type: "string" }, "eval-kind": { type: "string" } } as const;
    const { values, positionals } = parseArgs({ args: argv.slice(2), options, allowPositionals: true });
    if (positionals.length === 0) throw new CliError("import acebench needs at least one folder");
    const { name, ...labels } = runInput(values, false);
    return importAcebench(await openContext(), positionals, {
      run: values.run,
      labels,
      step: intFlag(values.step ?? "0", "--step"),
      evalKind: evalKindFlag(values["eval-kind"] ?? "content_ood"),
    });
  }
  if (command === "import" && sub === "metrics") {
    const { values, positionals } = parseArgs({ args: argv.slice(2), options: RUN_OPTIONS, allowPositionals: true });
    return importMetrics(await openContext(), onePositional(positionals, "import metrics <file>"), runInput(values, true));
  }
  if (command === "token" && sub === "create") {
    const { values } = parseArgs({ args: argv.slice(2), options: { name: { type: "string" } } });
    return createToken(await openContext(), values.name ?? "cli");
  }
  if (command === "reclassify") {
    const { values } = parseArgs({ args: argv.slice(1), options: { run: { type: "string" }, inline: { type: "boolean" } } });
    if (!values.run) throw new CliError("reclassify needs --run NAME");
    return reclassify(await openContext(), values.run, { isInline: values.inline ?? false });
  }
  if (command === "demo" && (sub === "load" || sub === "remove") && argv.length === 2) {
    return sub === "load" ? loadDemoData(await openContext()) : removeDemoData(await openContext());
  }
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  throw new CliError(`unknown command "${argv.join(" ")}"\n${USAGE}`);
}

function onePositional(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new CliError(`usage: spikewatch ${usage}`);
  return positionals[0]!;
}

function runInput(flags: RunFlags, isNameRequired: true): CreateRun;
function runInput(flags: RunFlags, isNameRequired: false): Omit<CreateRun, "name"> & { name: string };
function runInput(flags: RunFlags, isNameRequired: boolean): CreateRun {
  if (isNameRequired && !flags.run) throw new CliError("--run NAME is required");
  if (flags.scheme && !(SCHEMES as readonly string[]).includes(flags.scheme)) throw new CliError(`--scheme must be one of ${SCHEMES.join(", ")}`);
  return {
    name: flags.run ?? "",
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.regime ? { regime: flags.regime } : {}),
    ...(flags.scheme ? { scheme: flags.scheme as CreateRun["scheme"] } : {}),
    ...(flags["rl-lr"] ? { rlLr: numberFlag(flags["rl-lr"], "--rl-lr") } : {}),
    ...(flags["sft-lr"] ? { sftLr: numberFlag(flags["sft-lr"], "--sft-lr") } : {}),
    ...(flags.seed ? { seed: intFlag(flags.seed, "--seed") } : {}),
  };
}

function numberFlag(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new CliError(`${flag} must be a positive number, got "${raw}"`);
  return value;
}

function intFlag(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new CliError(`${flag} must be a non-negative integer, got "${raw}"`);
  return value;
}

function evalKindFlag(raw: string): EvalKind {
  if (!(EVAL_KINDS as readonly string[]).includes(raw)) throw new CliError(`--eval-kind must be one of ${EVAL_KINDS.join(", ")}`);
  return raw as EvalKind;
}
