import type { CliCommand } from "./command";
import { classifyCommand } from "./commands/classify";
import { demoLoadCommand, demoRemoveCommand } from "./commands/demo";
import { importAcebenchCommand } from "./commands/import-acebench";
import { importMetricsCommand } from "./commands/import-metrics";
import { importTensorboardCommand } from "./commands/import-tensorboard";
import { importTrlStateCommand } from "./commands/import-trl-state";
import { importVerlCommand } from "./commands/import-verl";
import { reclassifyCommand } from "./commands/reclassify";
import { tokenCreateCommand } from "./commands/token";

/** Every command of `npx spikewatch`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  importVerlCommand,
  importAcebenchCommand,
  importMetricsCommand,
  importTrlStateCommand,
  importTensorboardCommand,
  classifyCommand,
  reclassifyCommand,
  tokenCreateCommand,
  demoLoadCommand,
  demoRemoveCommand,
];
