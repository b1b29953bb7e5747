import { JobPayloads, type JobPayloadMap, type JobType } from "@/lib/jobs/contracts";
import { reclassifyRunJob } from "./handlers/reclassify-run";
import { scoreCheckpointJob } from "./handlers/score-checkpoint";
import type { JobContext } from "./job-context";

type JobEntry<K extends JobType> = {
  leaseMs: number;
  run: (payload: JobPayloadMap[K], ctx: JobContext) => Promise<void>;
};

/** Every job type has a handler: a new type in lib/jobs/contracts.ts without one is a compile error. */
export const catalog: { [K in JobType]: JobEntry<K> } = {
  "reclassify-run": { leaseMs: 60_000, run: reclassifyRunJob },
  // Long enough for model load plus one probe between heartbeats (sent every third of the lease).
  "score-checkpoint": { leaseMs: 180_000, run: scoreCheckpointJob },
  "score-demo-checkpoint": { leaseMs: 180_000, run: scoreCheckpointJob },
};

export function leaseMsOf(type: JobType): number {
  return catalog[type].leaseMs;
}

/** A claim happens before the job's type is known, so it holds the longest lease of any type. */
export const CLAIM_LEASE_MS = Math.max(...Object.values(catalog).map((entry) => entry.leaseMs));

export async function dispatch<K extends JobType>(type: K, rawPayload: unknown, ctx: JobContext): Promise<void> {
  // Safe: the schema and the handler are looked up with the same key K.
  const payload = JobPayloads[type].parse(rawPayload) as JobPayloadMap[K];
  await catalog[type].run(payload, ctx);
}
