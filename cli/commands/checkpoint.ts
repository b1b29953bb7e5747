import path from "node:path";
import { describeSkipped } from "@/lib/domain/ingest/plan-checkpoint-folder";
import { resolveRegisteredFolder } from "@/lib/server/checkpoints/checkpoint-roots";
import { copyCheckpointFolder } from "@/lib/server/checkpoints/copy-checkpoint-folder";
import { registerCheckpoint, type RegisteredCheckpoint } from "@/lib/server/checkpoints/register-checkpoint";
import { watchCheckpointFolders, type WatchEvent } from "@/lib/server/checkpoints/watch-checkpoint-folders";
import { AppError } from "@/lib/server/errors";
import type { CliCommand, CliOption } from "../command";
import { ensureRun, type CliContext } from "../context";
import { CliError, note } from "../output";
import { nonNegativeIntFlag, positiveNumberFlag } from "../run-flags";

const RUN: CliOption = {
  type: "string",
  value: "NAME|ID",
  description: "the run (by name or id; created under that name when there is none)",
  isRequired: true,
};
const COPY: CliOption = {
  type: "boolean",
  description:
    "copy the files into Spikewatch's checkpoint store (as an upload does) instead of registering the folder in place",
};
const REGISTER_DETAILS =
  "Without --copy the folder is registered where it is: it must lie under SPIKEWATCH_CHECKPOINT_ROOTS (set the same " +
  "value for the web app and the workers, which read it from there); its files' sizes and sha256 are recorded now " +
  "and a replay refuses files that changed since. Training state (optimizer.pt, scheduler.pt, rng_state*.pth, " +
  "trainer_state.json, training_args.bin, verl optim/extra_state shards) and other files are skipped with a note; " +
  "pickled weights (*.bin, *.pt) are never read.";

type Target = { runId: string; isCopy: boolean };

/** The run by name or id; a name nothing has yet becomes a new run, as the imports do. */
async function runIdFor(ctx: CliContext, nameOrId: string): Promise<string> {
  const run = await ctx.db.run.findFirst({
    where: { OR: [{ name: nameOrId }, { id: nameOrId }] },
    select: { id: true },
  });
  return run?.id ?? ensureRun(ctx.db, { name: nameOrId });
}

/** Registers or copies one folder; errors stay AppErrors so the watcher can tell "already stored" (409). */
async function store(ctx: CliContext, target: Target, step: number, folder: string): Promise<RegisteredCheckpoint> {
  if (target.isCopy) return copyCheckpointFolder(ctx.db, ctx.config, target.runId, step, folder);
  return registerCheckpoint(ctx.db, ctx.config, target.runId, {
    step,
    path: folder.startsWith("s3://") ? folder : path.resolve(folder),
  });
}

function asCliError(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const details =
    error.issues.length > 1 ? error.issues.map((issue) => `\n  ${issue.path}: ${issue.message}`).join("") : "";
  return new CliError(`${error.message}${details}`);
}

function describeStored(checkpoint: RegisteredCheckpoint, isCopy: boolean, where: string): string {
  const { checkpointId, jobId } = checkpoint;
  const verb = isCopy ? "copied" : "registered";
  return `${verb} ${where}: checkpoint ${checkpointId}, replay job ${jobId} (GET /api/jobs/${jobId})`;
}

/** `spikewatch checkpoint add`: one checkpoint folder, registered in place or copied. */
export async function addCheckpoint(
  ctx: CliContext,
  options: { run: string; step: number; folder: string; isCopy: boolean },
): Promise<void> {
  const target = { runId: await runIdFor(ctx, options.run), isCopy: options.isCopy };
  const started = Date.now();
  const checkpoint = await store(ctx, target, options.step, options.folder).catch((error: unknown) => {
    throw asCliError(error);
  });
  for (const line of describeSkipped(checkpoint.skipped)) note(line);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  note(`${describeStored(checkpoint, options.isCopy, `step ${options.step}`)}; files hashed in ${seconds} s`);
}

/** `spikewatch checkpoint watch`: registers each checkpoint a trainer writes, until interrupted. */
export async function watchCheckpoints(
  ctx: CliContext,
  options: { run: string; dir: string; intervalMs: number; isCopy: boolean; isOnce: boolean },
): Promise<void> {
  if (!options.isCopy) {
    // Fail at once, not at the first checkpoint an hour into training.
    await resolveRegisteredFolder(path.resolve(options.dir), ctx.config.checkpointRoots).catch((error: unknown) => {
      throw asCliError(error);
    });
  }
  const target = { runId: await runIdFor(ctx, options.run), isCopy: options.isCopy };
  const existing = await ctx.db.checkpoint.findMany({ where: { runId: target.runId }, select: { step: true } });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  const every = `every ${options.intervalMs / 1000} s`;
  note(`watching ${options.dir} ${every} for checkpoint-<N>/ and global_step_<N>/actor/huggingface/ (Ctrl-C stops)`);
  try {
    await watchCheckpointFolders({
      outputDir: options.dir,
      intervalMs: options.intervalMs,
      signal: stop.signal,
      isOnce: options.isOnce,
      existingSteps: existing.map((c) => c.step),
      register: (step, folder) => store(ctx, target, step, folder),
      onEvent: (event) => printWatchEvent(event, options.isCopy),
    });
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  }
}

/** One line per watcher event, shared by `checkpoint watch` and `follow verl --checkpoints`. */
export function printWatchEvent(event: WatchEvent, isCopy: boolean): void {
  const where = `step ${event.folder.step} (${event.folder.name})`;
  if (event.kind === "registered") {
    for (const line of describeSkipped(event.checkpoint.skipped)) note(`${where}: ${line}`);
    note(describeStored(event.checkpoint, isCopy, where));
  } else if (event.kind === "exists") {
    note(`${where}: the run already has a checkpoint at this step; not registered again`);
  } else if (event.kind === "error") {
    note(`${where}: will retry: ${event.message}`);
  } else {
    note(`${where}: ${event.kind === "unmerged" ? "" : "not registered yet: "}${event.message}`);
  }
}

export const checkpointAddCommand: CliCommand = {
  words: ["checkpoint", "add"],
  arguments: "<folder|s3://bucket/prefix/>",
  positionals: { min: 1, max: 1 },
  summary: "register a Hugging Face (or ONNX export) checkpoint folder for replay, without copying it",
  details: REGISTER_DETAILS,
  options: {
    run: RUN,
    step: {
      type: "string",
      value: "N",
      description: "the training step the checkpoint was saved at",
      isRequired: true,
    },
    copy: COPY,
  },
  examples: [
    "npx spikewatch checkpoint add --run grpo-seed1 --step 300 ckpts/grpo/global_step_300/actor/huggingface",
    "npx spikewatch checkpoint add --run trl-run --step 500 --copy out/checkpoint-500",
  ],
  run: async ({ values, positionals }, openContext) =>
    addCheckpoint(await openContext(), {
      run: String(values.run),
      step: nonNegativeIntFlag(String(values.step), "--step"),
      folder: positionals[0]!,
      isCopy: values.copy === true,
    }),
};

export const checkpointWatchCommand: CliCommand = {
  words: ["checkpoint", "watch"],
  arguments: "<output dir>",
  positionals: { min: 1, max: 1 },
  summary:
    "register each checkpoint a trainer writes (checkpoint-<N>/, global_step_<N>/actor/huggingface/) once complete",
  details:
    "The step comes from the folder name. A checkpoint is registered once every shard its index names exists and " +
    "no file changed between two scans; steps the run already has are skipped, so restarting repeats nothing. A verl " +
    "step holding only FSDP shards gets one message with the merge command. " +
    REGISTER_DETAILS,
  options: {
    run: RUN,
    interval: { type: "string", value: "SECONDS", description: "seconds between scans (default 10)" },
    once: { type: "boolean", description: "scan twice, one interval apart, register what is complete, then exit" },
    copy: COPY,
  },
  examples: [
    "npx spikewatch checkpoint watch --run grpo-seed1 checkpoints/grpo/seed1",
    "npx spikewatch checkpoint watch --run trl-run --once out",
  ],
  run: async ({ values, positionals }, openContext) =>
    watchCheckpoints(await openContext(), {
      run: String(values.run),
      dir: positionals[0]!,
      intervalMs:
        values.interval === undefined ? 10_000 : positiveNumberFlag(String(values.interval), "--interval") * 1000,
      isCopy: values.copy === true,
      isOnce: values.once === true,
    }),
};
