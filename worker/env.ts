import { z } from "zod";

const WorkerEnvSchema = z.object({
  SPIKEWATCH_WORKER_ID: z.string().min(1).optional(),
  SPIKEWATCH_WORKER_POLL_MS: z.coerce.number().int().positive().default(1_000),
});

export type WorkerEnv = { workerId: string; pollMs: number };

export function resolveWorkerEnv(env: Record<string, string | undefined>): WorkerEnv {
  const parsed = WorkerEnvSchema.parse(env);
  return { workerId: parsed.SPIKEWATCH_WORKER_ID ?? `worker-${process.pid}`, pollMs: parsed.SPIKEWATCH_WORKER_POLL_MS };
}
