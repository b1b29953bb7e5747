import type { CliCommand, CliOption } from "./command";

const INDENT = "  ";

function optionLabel(name: string, option: CliOption): string {
  return option.type === "string" ? `--${name} ${option.value ?? "VALUE"}` : `--${name}`;
}

export function usageLine(command: CliCommand): string {
  const required = Object.entries(command.options)
    .filter(([, option]) => option.isRequired)
    .map(([name, option]) => optionLabel(name, option));
  const hasOptional = Object.values(command.options).some((option) => !option.isRequired);
  return ["spikewatch", ...command.words, command.arguments, ...required, hasOptional ? "[options]" : ""]
    .filter(Boolean)
    .join(" ");
}

/** What `spikewatch <command> --help` prints: usage, what it does, every option, an example. */
export function commandHelp(command: CliCommand): string {
  const labels = Object.entries(command.options).map(([name, option]) => [optionLabel(name, option), option] as const);
  const width = Math.max(0, ...labels.map(([label]) => label.length)) + 2;
  const lines = [`usage: ${usageLine(command)}`, "", command.summary];
  if (command.details) lines.push(command.details);
  if (labels.length > 0) {
    lines.push("", "options:");
    for (const [label, option] of labels) {
      lines.push(`${INDENT}${label.padEnd(width)}${option.description}${option.isRequired ? " (required)" : ""}`);
    }
  }
  lines.push(`${INDENT}${"--help".padEnd(width)}this text`, "", command.examples.length > 1 ? "examples:" : "example:");
  for (const example of command.examples) lines.push(`${INDENT}${example}`);
  return lines.join("\n");
}

/** What `spikewatch --help` (or `spikewatch import --help`) prints: one line per command. */
export function overviewHelp(commands: readonly CliCommand[]): string {
  const usages = commands.map((command) => [usageLine(command).replace(/^spikewatch /, ""), command.summary] as const);
  const lines = ["usage: spikewatch <command> [options]    (spikewatch <command> --help for details)", ""];
  for (const [usage, summary] of usages) lines.push(`${INDENT}${usage}`, `${INDENT}${INDENT}${INDENT}${summary}`);
  lines.push("", "Settings come from the environment (DATABASE_URL, SPIKEWATCH_DATA_DIR; see .env.example).");
  return lines.join("\n");
}
