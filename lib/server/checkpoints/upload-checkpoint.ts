import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { REQUIRED_CHECKPOINT_FILES } from "@/lib/domain/ingest/checkpoint-files";
import type { Config } from "../config";
import type { Db } from "../db";
import { AppError } from "../errors";
import { enqueueJob } from "../jobs/enqueue-job";
import { assertRunExists } from "../runs/get-run";
import { receiveCheckpointFiles } from "./receive-checkpoint-files";

const FieldsSchema = z.object({ step: z.coerce.number().int().min(0).max(2_147_483_647) });

export type UploadCheckpointResult = { checkpointId: string; jobId: string };

/**
 * Stores an uploaded checkpoint folder under `<data dir>/checkpoints/<generated id>` and queues its
 * replay. Anything wrong (fields, files, a step that already has a checkpoint) removes the folder,
 * so a refused upload leaves nothing behind.
 */
export async function uploadCheckpoint(db: Db, config: Config, runId: string, req: Request): Promise<UploadCheckpointResult> {
  await assertRunExists(db, runId);
  const root = path.join(config.dataDir, "checkpoints");
  const upload = await receiveCheckpointFiles(req, root, config.maxCheckpointFileBytes);
  try {
    const { step } = FieldsSchema.parse(upload.fields);
    const missing = REQUIRED_CHECKPOINT_FILES.filter((name) => !upload.files.some((f) => f.name === name));
    if (missing.length > 0) {
      throw new AppError("UNPROCESSABLE", `Missing file part ${missing.join(", ")}`, missing.map((name) => ({ path: name, message: "required" })));
    }
    if (await db.checkpoint.findUnique({ where: { runId_step: { runId, step } }, select: { id: true } })) {
      throw new AppError("CONFLICT", `Run already has a checkpoint at step ${step}`);
    }
    const checkpoint = await db.checkpoint.create({
      data: {
        runId, step, status: "queued", dir: path.relative(config.dataDir, upload.dir),
        files: JSON.stringify(upload.files), totalBytes: upload.files.reduce((sum, f) => sum + f.bytes, 0),
      },
      select: { id: true },
    });
    const job = await enqueueJob(db, "score-checkpoint", { checkpointId: checkpoint.id }, { dedupeKey: `score-checkpoint:${checkpoint.id}` });
    await db.checkpoint.update({ where: { id: checkpoint.id }, data: { jobId: job.id } });
    return { checkpointId: checkpoint.id, jobId: job.id };
  } catch (error) {
    fs.rmSync(upload.dir, { recursive: true, force: true });
    throw error;
  }
}
