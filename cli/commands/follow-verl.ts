import { createHash } from "node:crypto";
import path from "node:path";
import type { CliContext } from "../context";
import { ensureRun } from "../context";
import { consoleLogSource } from "../follow/console-log-source";
import { runFollowLoop } from "../follow/follow-loop";
import type { FollowSource } from "../follow/follow-source";
import { openPositionFile, type PositionFile } from "../follow/position-file";
import { verlDumpSource } from "../follow/verl-dump-source";
import { resolveRegisteredFolder } from "@/lib/server/checkpoints/checkpoint-roots";
import { AppError } from "@/lib/server/errors";
import { checkpointFolderSource } from "../follow/checkpoint-folder-source";
import { CliError, note } from "../output";
import { printWatchEvent } from "./checkpoint";
import type { CliArgs, CliCommand, CliOption } from "../command";
import { positiveNumberFlag, RUN_LABEL_OPTIONS, RUN_OPTION, runFromFlags } from "../run-flags";

type SourceContext = { ctx: CliContext; runId: string; position: PositionFile; settleMs: number; isOnce: boolean };

/** A path flag, the source following it, and a check that fails before anything is written. */
type SourceEntry = {
  flag: string;
  option: CliOption;
  create(target: string, s: SourceContext): FollowSource;
  precheck?(target: string, ctx: CliContext): Promise<void>;
};

/** What `follow verl` can tail: one entry per path flag; a new kind of output is one more entry. */
const VERL_SOURCES: readonly SourceEntry[] = [
  {
    flag: "rollouts",
    option: {
      type: "string",
      value: "DIR",
      description: "trainer.rollout_data_dir: <step>.jsonl train generations",
      isRequired: true,
    },
    create: (dir, s) =>
      verlDumpSource({ db: s.ctx.db, runId: s.runId, dir, split: "train", position: s.position, settleMs: s.settleMs }),
  },
  {
    flag: "validation",
    option: {
      type: "string",
      value: "DIR",
      description: "trainer.validation_data_dir: <step>.jsonl validation generations (split val)",
    },
    create: (dir, s) =>
      verlDumpSource({ db: s.ctx.db, runId: s.runId, dir, split: "val", position: s.position, settleMs: s.settleMs }),
  },
  {
    flag: "log",
    option: {
      type: "string",
      value: "FILE",
      description: "a file receiving verl's console output: its step:<N> - key:value lines become metrics",
    },
    create: (file, s) => consoleLogSource({ db: s.ctx.db, runId: s.runId, file, position: s.position }),
  },
  {
    flag: "checkpoints",
    option: {
      type: "string",
      value: "DIR",
      description:
        "trainer.default_local_dir: each global_step_<N>/actor/huggingface, registered in place once complete " +
        "(the folder must lie under SPIKEWATCH_CHECKPOINT_ROOTS)",
    },
    create: (dir, s) =>
      checkpointFolderSource({
        db: s.ctx.db,
        config: s.ctx.config,
        runId: s.runId,
        dir,
        onceSettleMs: s.isOnce ? s.settleMs : null,
        onEvent: (event) => printWatchEvent(event, false),
      }),
    // Fail at once, not at the first checkpoint an hour into training.
    precheck: async (dir, ctx) => {
      await resolveRegisteredFolder(path.resolve(dir), ctx.config.checkpointRoots).catch((error: unknown) => {
        throw error instanceof AppError ? new CliError(`--checkpoints ${dir}: ${error.message}`) : error;
      });
    },
  },
];

export type FollowVerlOptions = {
  intervalMs: number;
  settleMs: number;
  isOnce: boolean;
  positionFile?: string;
  signal: AbortSignal;
};

/**
 * Tails what verl writes while it trains, with no change to verl, until interrupted (or one pass with
 * --once): generations dumps, console metric lines and checkpoints, sent through the same
 * server functions as the imports. Positions are kept in `<data dir>/follow/<run>-<hash>.json` (or
 * --position), so a restart neither resends nor skips.
 */
export async function followVerl(
  ctx: CliContext,
  values: CliArgs["values"],
  options: FollowVerlOptions,
): Promise<void> {
  const run = runFromFlags(values);
  const chosen = VERL_SOURCES.filter((s) => typeof values[s.flag] === "string");
  for (const s of chosen) await s.precheck?.(values[s.flag] as string, ctx);
  const position = openPositionFile(options.positionFile ?? defaultPositionFile(ctx.config.dataDir, run.name));
  const runId = await ensureRun(ctx.db, run);
  const context: SourceContext = { ctx, runId, position, settleMs: options.settleMs, isOnce: options.isOnce };
  const sources = chosen.map((s) => s.create(values[s.flag] as string, context));
  note(
    `following ${chosen.map((s) => `--${s.flag} ${values[s.flag] as string}`).join(" ")} into run "${run.name}"; ` +
      `positions in ${position.file}`,
  );
  await runFollowLoop(sources, {
    intervalMs: options.intervalMs,
    isOnce: options.isOnce,
    signal: options.signal,
    label: `follow ${run.name}`,
  });
}

function defaultPositionFile(dataDir: string, runName: string): string {
  const slug = runName.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);
  const hash = createHash("sha256").update(runName).digest("hex").slice(0, 8);
  return path.join(dataDir, "follow", `${slug}-${hash}.json`);
}

export const followVerlCommand: CliCommand = {
  words: ["follow", "verl"],
  arguments: "",
  positionals: { min: 0, max: 0 },
  summary: "tail a running verl job: generations dumps, console metric lines, checkpoints (no change to verl)",
  details:
    "Run verl with trainer.rollout_data_dir (and validation_data_dir) set and its output saved to a file " +
    "(... 2>&1 | tee train.log). Sends each <step>.jsonl once it is complete (ends with a newline and unchanged " +
    "for --settle seconds, or a later " +
    "step exists); half-written files are waited for. Metric lines are read from --log as they are appended. " +
    "Positions are saved after every file and chunk, so stopping and restarting neither resends nor skips. " +
    "Ctrl-C stops after the pass under way.",
  options: {
    run: RUN_OPTION,
    ...Object.fromEntries(VERL_SOURCES.map((s) => [s.flag, s.option])),
    interval: { type: "string", value: "SECONDS", description: "how often to look for new output (default 2)" },
    settle: {
      type: "string",
      value: "SECONDS",
      description: "how long a dump must stay unchanged to count as complete (default 5)",
    },
    position: {
      type: "string",
      value: "FILE",
      description: "position file (default <SPIKEWATCH_DATA_DIR>/follow/<run>-<hash>.json)",
    },
    once: { type: "boolean", description: "one pass, then exit (for cron jobs and scripts)" },
    ...RUN_LABEL_OPTIONS,
  },
  examples: [
    "npx spikewatch follow verl --run grpo-seed1 --rollouts out/rollouts --log out/train.log",
    "npx spikewatch follow verl --run grpo-seed1 --rollouts out/rollouts --checkpoints ckpts/grpo-seed1",
  ],
  run: async ({ values }, openContext) => {
    const seconds = (flag: string, fallback: number) =>
      typeof values[flag] === "string" ? positiveNumberFlag(values[flag] as string, `--${flag}`) : fallback;
    const intervalMs = seconds("interval", 2) * 1000;
    const settleMs = seconds("settle", 5) * 1000;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      await followVerl(await openContext(), values, {
        intervalMs,
        settleMs,
        isOnce: values.once === true,
        ...(typeof values.position === "string" ? { positionFile: values.position } : {}),
        signal: stop.signal,
      });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
