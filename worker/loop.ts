import { isJobType } from "@/lib/jobs/contracts";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import type { Db } from "@/lib/server/db";
import { claimNextJob } from "@/lib/server/jobs/claim-next-job";
import { failJob, heartbeatJob, reapExpiredJobs, succeedJob } from "@/lib/server/jobs/lease";
import { CLAIM_LEASE_MS, dispatch, leaseMsOf } from "./catalog";
import type { ReplaySettings } from "./replay/replay-checkpoint";
import { sleep } from "@/lib/utils/sleep";

export type LoopOptions = { db: Db; workerId: string; pollMs: number; signal: AbortSignal; replay: ReplaySettings };

/** Poll, claim, run with a heartbeat, finish; until `signal` aborts. One job at a time per process. */
export async function runLoop({ db, workerId, pollMs, signal, replay }: LoopOptions): Promise<void> {
  while (!signal.aborted) {
    await reapExpiredJobs(db);
    const job = await claimNextJob(db, workerId, CLAIM_LEASE_MS);
    if (!job) {
      await sleep(pollMs, signal);
      continue;
    }
    await runJob(db, workerId, job, replay);
  }
}

async function runJob(db: Db, workerId: string, job: { id: string; type: string; payload: string }, replay: ReplaySettings): Promise<void> {
  if (!isJobType(job.type)) {
    await failJob(db, job.id, workerId, `Unknown job type "${job.type}": this worker is older than the web app`);
    return;
  }
  const leaseMs = leaseMsOf(job.type);
  const lost = new AbortController();
  let progress = 0;
  const heartbeat = setInterval(() => {
    void heartbeatJob(db, job.id, workerId, leaseMs, progress).then((held) => held || lost.abort(new Error("lease lost")));
  }, Math.floor(leaseMs / 3));

  try {
    const reportProgress = async (fraction: number) => {
      progress = fraction;
    };
    await dispatch(job.type, JSON.parse(job.payload), { db, signal: lost.signal, reportProgress, replay });
    await succeedJob(db, job.id, workerId);
    console.log(`[${workerId}] job ${job.id} (${job.type}) succeeded`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[${workerId}] job ${job.id} (${job.type}) failed: ${message}`);
    await failJob(db, job.id, workerId, message, { isPermanent: error instanceof PermanentJobError });
  } finally {
    clearInterval(heartbeat);
  }
}
