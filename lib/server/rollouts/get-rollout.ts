import type { Db } from "../db";
import { AppError } from "../errors";
import { ROLLOUT_INCLUDE, toRolloutRecord, type RolloutRecord } from "./rollout-record";

/** One rollout of a run, with its turns. NOT_FOUND when the id is unknown or belongs to another run. */
export async function getRollout(db: Db, runId: string, rolloutId: number): Promise<RolloutRecord> {
  const row = await db.rollout.findFirst({ where: { id: rolloutId, runId }, include: ROLLOUT_INCLUDE });
  if (!row) throw new AppError("NOT_FOUND", `Rollout ${rolloutId} not found in run ${runId}`);
  return toRolloutRecord(row);
}
