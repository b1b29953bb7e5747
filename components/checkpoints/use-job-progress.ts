"use client";

import { useEffect, useState } from "react";
import type { JobRecord } from "@/lib/server/jobs/get-job";
import { POLL_MS } from "./use-checkpoint-list";

export type JobProgress = Pick<JobRecord, "status" | "progress" | "error">;

/** A job's status and progress (0-1) from `GET /api/jobs/:id`, polled every 2 s while `isActive`. */
export function useJobProgress(jobId: string | null, isActive: boolean): JobProgress | null {
  const [job, setJob] = useState<JobProgress | null>(null);

  useEffect(() => {
    if (!jobId || !isActive) return;
    let isCurrent = true;
    const read = async () => {
      try {
        const res = await fetch(`/api/jobs/${encodeURIComponent(jobId)}`, { cache: "no-store" });
        if (res.ok && isCurrent) setJob((await res.json()) as JobProgress);
      } catch {
        // a missed poll is retried on the next tick
      }
    };
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [jobId, isActive]);

  return job;
}
