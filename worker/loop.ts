import { isJobType } from "@/lib/jobs/contracts";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import type { Db } from "@/lib/server/db";
import { claimNextJob } from "@/lib/server/jobs/claim-next-job";
import { failJob, heartbeatJob, reapExpiredJobs, succeedJob } from "@/lib/server/jobs/lease";
import { CLAIM_LEASE_MS, dispatch, leaseMsOf } from "./catalog";
import type { ReplaySettings } from "./replay/replay-checkpoint";
import { sleep } from "@/lib/utils/sleep";

/** `leaseMs` replaces every job type's lease from the catalog (SPIKEWATCH_JOB_LEASE_MS). */
export type LoopOptions = { db: Db; workerId: string; pollMs: number; signal: AbortSignal; replay: ReplaySettings; leaseMs?: number | undefined };

/** Poll, claim, run with a heartbeat, finish; until `signal` aborts. One job at a time per process. */
export async function runLoop({ db, workerId, pollMs, signal, replay, leaseMs }: LoopOptions): Promise<void> {
  while (!signal.aborted) {
    await reapExpiredJobs(db);
    const job = await claimNextJob(db, workerId, leaseMs ?? CLAIM_LEASE_MS);
    if (!job) {
      await sleep(pollMs, signal);
      continue;
    }
    await runJob(db, workerId, job, replay, leaseMs);
  }
}

type RunnableJob = { id: string; type: string; payload: string };

async function runJob(db: Db, workerId: string, job: RunnableJob, replay: ReplaySettings, leaseOverrideMs: number | undefined): Promise<void> {
  if (!isJobType(job.type)) {
    await failJob(db, job.id, workerId, `Unknown job type "${job.type}": this worker is older than the web app`);
    return;
  }
  const leaseMs = leaseOverrideMs ?? leaseMsOf(job.type);
  const lost = new AbortController();
  let progress = 0;
  const heartbeat = setInterval(() => {
    // A failed heartbeat (a database blip) is logged, not fatal: a later one can still renew the lease.
    heartbeatJob(db, job.id, workerId, leaseMs, progress).then(
      (held) => held || lost.abort(new Error("lease lost")),
      (error: unknown) => console.error(`[${workerId}] heartbeat of job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
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
