import fs from "node:fs";
import path from "node:path";
import {
  parseVerlGenerationsFileName,
  type VerlGenerationsSplit,
} from "@/lib/domain/transcripts/parse-verl-generations";
import type { Db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { ingestInBatches } from "@/lib/server/sample-data/ingest-in-batches";
import { listStepFiles } from "../files";
import { CliError, note } from "../output";
import { verlGenerationsInputs } from "../rollout-files";
import type { FollowSource } from "./follow-source";
import type { PositionFile } from "./position-file";

/** A step file as last sent (or refused): a changed size or mtime (in whole ms) means verl wrote it again. */
type SentFile = { size: number; mtimeMs: number; rollouts: number; error?: string };
type DumpPosition = { files: Record<string, SentFile> };
type Seen = { size: number; mtimeMs: number; sinceMs: number };

export type VerlDumpSourceOptions = {
  db: Db;
  runId: string;
  dir: string;
  split: VerlGenerationsSplit;
  position: PositionFile;
  /** how long a file must stay unchanged before it counts as complete (unless a later step exists) */
  settleMs: number;
  now?: () => number;
};

/**
 * Follows a verl generations folder (`trainer.rollout_data_dir` or `validation_data_dir`), where
 * RayPPOTrainer._dump_generations writes `<step>.jsonl` once per step. A file is sent once it is
 * complete: it ends with "\n" and either has not changed for `settleMs` (by its mtime, or as this
 * follower saw it) or a later step's file exists.
 * A file still being written (a half-written last line, or still growing) is waited for. Each sent file
 * is recorded in the position file under `<split>:<folder>`, so a restart sends neither it again nor
 * skips one; a file verl rewrites later (a resumed run) is sent again, and the server reports any
 * line whose content changed as a collision rather than storing it twice. A file with bad content is
 * reported once and skipped until it changes. A missing folder is waited for (verl makes it at its
 * first dump).
 */
export function verlDumpSource(options: VerlDumpSourceOptions): FollowSource {
  const { db, runId, dir, split, position, settleMs } = options;
  const now = options.now ?? Date.now;
  const key = `${split}:${path.resolve(dir)}`;
  const state: DumpPosition = (position.get(key) as DumpPosition | undefined) ?? { files: {} };
  const seen = new Map<string, Seen>();
  let waitingFor: string | undefined;
  let lastStep: number | undefined;

  async function send(file: string, bytes: Uint8Array, stat: fs.Stats): Promise<void> {
    const name = path.basename(file);
    const record = { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
    try {
      const { inputs } = verlGenerationsInputs(file, bytes, split, true);
      const result = await ingestInBatches(db, runId, inputs, {
        source: `follow:verl:${split}:${name}`,
        format: "verl_generations",
      });
      const { collisions } = result;
      if (collisions > 0)
        note(
          `${file}: ${collisions} line(s) differ from what was sent before under the same step and line; ` +
            "kept the first",
        );
      state.files[name] = { ...record, rollouts: inputs.length };
    } catch (error) {
      if (!(error instanceof CliError || error instanceof AppError)) throw error;
      note(`refused, sent again once the file changes: ${error.message}`);
      state.files[name] = { ...record, rollouts: 0, error: error.message };
    }
    position.set(key, state);
  }

  return {
    async poll() {
      waitingFor = undefined;
      if (!fs.existsSync(dir)) {
        waitingFor = `${dir} (not created yet)`;
        return;
      }
      const files = listStepFiles(dir, parseVerlGenerationsFileName);
      const latest = files.at(-1)?.step;
      for (const { file, step } of files) {
        const name = path.basename(file);
        const before = fs.statSync(file);
        const sent = state.files[name];
        if (sent && sent.size === before.size && sent.mtimeMs === Math.trunc(before.mtimeMs)) continue;
        const bytes = fs.readFileSync(file);
        const after = fs.statSync(file);
        const stableMs = stableFor(name, after);
        const isLater = latest !== undefined && latest > step;
        const isWhole = bytes.length === after.size && after.mtimeMs === before.mtimeMs && bytes.at(-1) === 0x0a;
        // A later step proves verl closed this file; a cut file is then sent as it is, once it stays so.
        const isComplete = isLater ? isWhole || stableMs >= settleMs : isWhole && stableMs >= settleMs;
        if (!isComplete) {
          waitingFor ??= name;
          continue;
        }
        await send(file, bytes, after);
        lastStep = Math.max(lastStep ?? step, step);
      }
    },
    status() {
      const sent = Object.values(state.files);
      const rollouts = sent.reduce((n, f) => n + f.rollouts, 0);
      const refused = sent.filter((f) => f.error !== undefined).length;
      const parts = [`${split} ${sent.length} step file(s), ${rollouts} rollouts`];
      if (lastStep !== undefined) parts.push(`last step ${lastStep}`);
      if (refused > 0) parts.push(`${refused} refused`);
      if (waitingFor) parts.push(`waiting for ${waitingFor}`);
      return parts.join(", ");
    },
  };

  /** How long the file is known unchanged: since its mtime, or since this follower first saw it so. */
  function stableFor(name: string, stat: fs.Stats): number {
    const last = seen.get(name);
    if (!last || last.size !== stat.size || last.mtimeMs !== stat.mtimeMs)
      seen.set(name, { size: stat.size, mtimeMs: stat.mtimeMs, sinceMs: now() });
    return Math.max(now() - seen.get(name)!.sinceMs, now() - stat.mtimeMs);
  }
}
