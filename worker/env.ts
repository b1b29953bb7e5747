import { z } from "zod";

const WorkerEnvSchema = z.object({
  SPIKEWATCH_WORKER_ID: z.string().min(1).optional(),
  SPIKEWATCH_WORKER_POLL_MS: z.coerce.number().int().positive().default(1_000),
  SPIKEWATCH_DEVICE: z.enum(["auto", "cpu", "cuda"], { error: (issue) => `expected auto, cpu or cuda, got ${JSON.stringify(issue.input)}` }).default("auto"),
});

/** `device`: where checkpoints are replayed; auto uses CUDA when its provider loads, else the CPU. */
export type WorkerEnv = { workerId: string; pollMs: number; device: "auto" | "cpu" | "cuda" };

export function resolveWorkerEnv(env: Record<string, string | undefined>): WorkerEnv {
  const parsed = WorkerEnvSchema.parse(env);
  return { workerId: parsed.SPIKEWATCH_WORKER_ID ?? `worker-${process.pid}`, pollMs: parsed.SPIKEWATCH_WORKER_POLL_MS, device: parsed.SPIKEWATCH_DEVICE };
}
