import { z } from "zod";
import { MAX_STEP } from "@/lib/domain/ingest/schemas";
import type { Config } from "../config";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRunExists } from "../runs/get-run";
import { collectCheckpointFiles, type CollectedFiles } from "./collect-checkpoint-files";
import { createCheckpoint, type CreatedCheckpoint } from "./create-checkpoint";
import { hashStream } from "./hashing-stream";
import { openRegisteredFolder } from "./open-registered-folder";

export const RegisterCheckpointSchema = z.strictObject({
  step: z.number().int().min(0).max(MAX_STEP),
  path: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => !p.includes("\u0000"), "must not contain NUL"),
});
export type RegisterCheckpoint = z.output<typeof RegisterCheckpointSchema>;
export type RegisteredCheckpoint = CreatedCheckpoint & Pick<CollectedFiles, "skipped">;

/**
 * Registers a checkpoint folder the workers can read, without copying it: a local folder or an
 * `s3://bucket/prefix/` under SPIKEWATCH_CHECKPOINT_ROOTS. Its checkpoint files are chosen as an upload
 * would choose them (other files are ignored), checked to be loadable, and their sizes and sha256
 * recorded, streamed file by file, before the checkpoint and its replay job are created; the worker
 * refuses to load them if they changed since. Hashing happens within this call, so the answer vouches
 * for exactly the bytes the replay will read.
 */
export async function registerCheckpoint(
  db: Db,
  config: Config,
  runId: string,
  input: RegisterCheckpoint,
): Promise<RegisteredCheckpoint> {
  await assertRunExists(db, runId);
  const folder = await openRegisteredFolder(config, input.path);
  // Cheap before hashing gigabytes; createCheckpoint checks again inside its transaction.
  if (await db.checkpoint.findUnique({ where: { runId_step: { runId, step: input.step } }, select: { id: true } })) {
    throw new AppError("CONFLICT", `Run already has a checkpoint at step ${input.step}`);
  }
  const { files, skipped } = await collectCheckpointFiles(
    folder.reader,
    input.path.replace(/(.)\/+$/, "$1"),
    (_name, body) => hashStream(body),
  );
  const created = await createCheckpoint(db, {
    runId,
    step: input.step,
    source: folder.source,
    dir: folder.dir,
    files,
  });
  return { ...created, skipped };
}
