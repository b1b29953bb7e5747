import type { JobPayloadMap } from "@/lib/jobs/contracts";
import { reclassifyRun } from "@/lib/server/rollouts/reclassify-run";
import type { JobContext } from "../job-context";

export async function reclassifyRunJob(payload: JobPayloadMap["reclassify-run"], ctx: JobContext): Promise<void> {
  await reclassifyRun(ctx.db, payload.runId, { signal: ctx.signal, onProgress: ctx.reportProgress });
}
