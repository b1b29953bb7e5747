import os from "node:os";
import { z } from "zod";

const WorkerEnvSchema = z.object({
  SPIKEWATCH_WORKER_ID: z.string().min(1).optional(),
  SPIKEWATCH_WORKER_POLL_MS: z.coerce.number().int().positive().default(1_000),
  SPIKEWATCH_JOB_LEASE_MS: z.coerce.number().int().min(1_000).optional(),
  SPIKEWATCH_DEVICE: z
    .enum(["auto", "cpu", "cuda"], {
      error: (issue) => `expected auto, cpu or cuda, got ${JSON.stringify(issue.input)}`,
    })
    .default("auto"),
});

/**
 * `device`: where checkpoints are replayed; auto uses CUDA when its provider loads, else the CPU.
 * `leaseMs`: one lease for every job type instead of the catalog's; unset keeps the catalog's.
 */
export type WorkerEnv = { workerId: string; pollMs: number; device: "auto" | "cpu" | "cuda"; leaseMs?: number };

export function resolveWorkerEnv(env: Record<string, string | undefined>): WorkerEnv {
  const parsed = WorkerEnvSchema.parse(env);
  return {
    // Unique across hosts too: lease checks compare this name, so two workers must never share it.
    workerId: parsed.SPIKEWATCH_WORKER_ID ?? `${os.hostname()}-${process.pid}`,
    pollMs: parsed.SPIKEWATCH_WORKER_POLL_MS,
    device: parsed.SPIKEWATCH_DEVICE,
    leaseMs: parsed.SPIKEWATCH_JOB_LEASE_MS,
  };
}
