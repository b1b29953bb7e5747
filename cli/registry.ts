import type { CliCommand } from "./command";
import { checkpointAddCommand, checkpointWatchCommand } from "./commands/checkpoint";
import { classifyCommand } from "./commands/classify";
import { demoLoadCommand, demoRemoveCommand } from "./commands/demo";
import { followVerlCommand } from "./commands/follow-verl";
import { importAcebenchCommand } from "./commands/import-acebench";
import { importMetricsCommand } from "./commands/import-metrics";
import { importTrlCompletionsCommand } from "./commands/import-trl-completions";
import { importTensorboardCommand } from "./commands/import-tensorboard";
import { importTrlStateCommand } from "./commands/import-trl-state";
import { importVerlCommand } from "./commands/import-verl";
import { importVerlGenerationsCommand } from "./commands/import-verl-generations";
import { reclassifyCommand } from "./commands/reclassify";
import { tokenCreateCommand } from "./commands/token";

/** Every command of `npx spikewatch`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  importVerlCommand,
  importVerlGenerationsCommand,
  importTrlCompletionsCommand,
  importAcebenchCommand,
  importMetricsCommand,
  followVerlCommand,
  importTrlStateCommand,
  importTensorboardCommand,
  checkpointAddCommand,
  checkpointWatchCommand,
  classifyCommand,
  reclassifyCommand,
  tokenCreateCommand,
  demoLoadCommand,
  demoRemoveCommand,
];
