import type { JobStatus } from "@/lib/jobs/contracts";
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
    ...(job.lastError ? { error: job.lastError } : {}),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
