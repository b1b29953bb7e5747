import type { CliContext } from "./context";

/** One option of a command, as `node:util` parseArgs takes it, plus what `--help` prints. */
export type CliOption = {
  type: "string" | "boolean";
  /** placeholder printed after a string option, e.g. NAME */
  value?: string;
  description: string;
  isRequired?: boolean;
};

export type CliArgs = {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
};

/**
 * A command of `npx spikewatch`: its words (`["import", "verl"]`), what `--help` prints (usage, options,
 * an example), and what it runs. `openContext` is passed in so commands that need no database
 * (classify, --help) never open one.
 */
export type CliCommand = {
  words: readonly string[];
  /** positional arguments as printed in the usage line, e.g. "<dir>" or "<file|dir>" */
  arguments: string;
  positionals: { min: number; max: number };
  summary: string;
  /** a few sentences printed under the usage line by --help */
  details?: string;
  options: Record<string, CliOption>;
  examples: readonly string[];
  run(args: CliArgs, openContext: () => Promise<CliContext>): Promise<void> | void;
};
