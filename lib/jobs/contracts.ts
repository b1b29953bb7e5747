import { z } from "zod";

/** Job types and their payloads: the one contract shared by the web app (enqueue) and the worker. */
export const JOB_TYPES = ["reclassify-run", "score-checkpoint", "score-demo-checkpoint"] as const;
export type JobType = (typeof JOB_TYPES)[number];
export const JobTypeSchema = z.enum(JOB_TYPES);

export const JobPayloads = {
  "reclassify-run": z.object({ runId: z.string().min(1) }),
  "score-checkpoint": z.object({ checkpointId: z.string().min(1) }),
  "score-demo-checkpoint": z.object({ checkpointId: z.string().min(1) }),
} satisfies Record<JobType, z.ZodType>;

/**
 * Claimed only when no other job is runnable: the replays of the demo checkpoints that `npm start`
 * queues never delay a user's own checkpoints or reclassifications.
 */
export const BACKGROUND_JOB_TYPES: readonly JobType[] = ["score-demo-checkpoint"];

export type JobPayloadMap = { [K in JobType]: z.output<(typeof JobPayloads)[K]> };

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function isJobType(value: string): value is JobType {
  return JobTypeSchema.safeParse(value).success;
}
