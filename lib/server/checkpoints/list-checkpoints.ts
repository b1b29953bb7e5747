import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRunExists } from "../runs/get-run";
import { CHECKPOINT_SELECT, toCheckpointRecord, type CheckpointRecord } from "./checkpoint-record";

export async function listCheckpoints(db: Db, runId: string): Promise<CheckpointRecord[]> {
  await assertRunExists(db, runId);
  const rows = await db.checkpoint.findMany({ where: { runId }, orderBy: { step: "asc" }, select: CHECKPOINT_SELECT });
  return rows.map(toCheckpointRecord);
}

export async function getCheckpoint(db: Db, checkpointId: string): Promise<CheckpointRecord> {
  const row = await db.checkpoint.findUnique({ where: { id: checkpointId }, select: CHECKPOINT_SELECT });
  if (!row) throw new AppError("NOT_FOUND", `Checkpoint ${checkpointId} not found`);
  return toCheckpointRecord(row);
}
