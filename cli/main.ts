import { parseArgs } from "node:util";
import { ConfigError } from "@/lib/server/config";
import type { CliCommand } from "./command";
import { closeContexts, openContext } from "./context";
import { commandHelp, overviewHelp, usageLine } from "./help";
import { CliError } from "./output";
import { COMMANDS } from "./registry";

/** A mistake in how the command was called (exit code 2), as opposed to a failure while running (1). */
class UsageError extends Error {}

/** Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  try {
    await dispatch(argv);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`spikewatch: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`spikewatch: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await closeContexts();
  }
}

const isHelpFlag = (arg: string) => arg === "--help" || arg === "-h";

async function dispatch(argv: string[]): Promise<void> {
  const command = COMMANDS.find((c) => c.words.every((word, i) => argv[i] === word));
  if (!command) return explainUnknown(argv);
  const rest = argv.slice(command.words.length);
  if (rest.some(isHelpFlag)) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return;
  }
  await command.run(parseCommandArgs(command, rest), openContext);
}

function explainUnknown(argv: string[]): void {
  const words = argv.filter((arg) => !isHelpFlag(arg));
  const group = COMMANDS.filter((c) => c.words[0] === words[0]);
  if (words.length === 0 || words[0] === "help") {
    process.stdout.write(`${overviewHelp(COMMANDS)}\n`);
    return;
  }
  if (group.length > 0 && words.length === 1) {
    process.stdout.write(`${overviewHelp(group)}\n`);
    if (argv.some(isHelpFlag)) return;
    throw new UsageError(`"${words[0]}" needs one of: ${group.map((c) => c.words.slice(1).join(" ")).join(", ")}`);
  }
  throw new UsageError(`unknown command "${argv.join(" ")}"; run spikewatch --help for the list`);
}

function parseCommandArgs(command: CliCommand, args: string[]) {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, option]) => [name, { type: option.type }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.split("\n")[0]}\nusage: ${usageLine(command)}  (--help for details)`,
    );
  }
  const { values, positionals } = parsed as {
    values: Record<string, string | boolean | undefined>;
    positionals: string[];
  };
  for (const [name, option] of Object.entries(command.options)) {
    if (option.isRequired && values[name] === undefined) {
      throw new UsageError(
        `--${name} ${option.value ?? ""} is required\nusage: ${usageLine(command)}  (--help for details)`,
      );
    }
  }
  if (positionals.length < command.positionals.min || positionals.length > command.positionals.max) {
    const expected = command.arguments || "no arguments";
    throw new UsageError(
      `expected ${expected}, got ${positionals.length} argument(s)\nusage: ${usageLine(command)}  (--help for details)`,
    );
  }
  return { values, positionals };
}
