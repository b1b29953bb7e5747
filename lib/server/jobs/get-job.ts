import type { JobStatus } from "@/lib/jobs/contracts";
import { redactServerPaths } from "@/lib/utils/redact-server-paths";
import type { Db } from "../db";
import { AppError } from "../errors";

export type JobRecord = {
  id: string;
  type: string;
  status: JobStatus;
  progress: number;
  attempts: number;
  maxAttempts: number;
  error?: string;
  createdAt: string;
  updatedAt: string;
};

export async function getJob(db: Db, jobId: string): Promise<JobRecord> {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job) throw new AppError("NOT_FOUND", `Job ${jobId} not found`);
  return {
    id: job.id,
    type: job.type,
    status: job.status as JobStatus,
    progress: job.progress,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    // Readers see the error without server paths; the worker's log has it whole.
    ...(job.lastError ? { error: redactServerPaths(job.lastError) } : {}),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
