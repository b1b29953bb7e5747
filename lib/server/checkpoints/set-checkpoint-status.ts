import type { Db } from "../db";

export type CheckpointUpdate = {
  status: "queued" | "scoring" | "scored" | "failed";
  device?: string | null;
  probesTotal?: number;
  error?: string | null;
};

/** Records where a checkpoint's replay stands; the checkpoint list and page read it. */
export async function setCheckpointStatus(db: Db, checkpointId: string, update: CheckpointUpdate): Promise<void> {
  await db.checkpoint.update({ where: { id: checkpointId }, data: update });
}
