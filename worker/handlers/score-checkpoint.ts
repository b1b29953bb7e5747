import type { JobPayloadMap } from "@/lib/jobs/contracts";
import type { JobContext } from "../job-context";
import { replayCheckpoint } from "../replay/replay-checkpoint";

export async function scoreCheckpointJob(
  payload: JobPayloadMap["score-checkpoint" | "score-demo-checkpoint"],
  ctx: JobContext,
): Promise<void> {
  await replayCheckpoint(payload.checkpointId, ctx);
}
