import { isJobType } from "@/lib/jobs/contracts";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { isTransientDbError } from "@/lib/server/db-errors";
import type { Db } from "@/lib/server/db";
import { claimNextJob } from "@/lib/server/jobs/claim-next-job";
import { failJob, heartbeatJob, reapExpiredJobs, releaseJob, succeedJob } from "@/lib/server/jobs/lease";
import { noteFault } from "@/lib/server/service-health/fault-log";
import { withTransientRetry } from "@/lib/server/write-retry";
import { sleep } from "@/lib/utils/sleep";
import { CLAIM_LEASE_MS, dispatch, leaseMsOf } from "./catalog";
import type { ReplaySettings } from "./replay/replay-checkpoint";

/** `leaseMs` replaces every job type's lease from the catalog (SPIKEWATCH_JOB_LEASE_MS). */
export type LoopOptions = {
  db: Db;
  workerId: string;
  pollMs: number;
  signal: AbortSignal;
  replay: ReplaySettings;
  leaseMs?: number | undefined;
  /** told when the worker takes a job (its id) and when it is idle again (null) */
  onJob?: (jobId: string | null) => void;
};

/** The longest pause between claims while the database stays unavailable past the retry window. */
const MAX_OUTAGE_PAUSE_MS = 30_000;
/** A job cut off by a database outage is queued again after this, without using up an attempt. */
const OUTAGE_REQUEUE_MS = 5_000;

/**
 * Poll, claim, run with a heartbeat, finish; until `signal` aborts. One job at a time per process.
 * A busy or unreachable database never ends the loop: each step retries with backoff
 * (`withTransientRetry`), and a longer outage pauses claiming until the database answers again.
 * Any other error is a bug and ends the process, which `npm start` restarts.
 */
export async function runLoop({ db, workerId, pollMs, signal, replay, leaseMs, onJob }: LoopOptions): Promise<void> {
  let outages = 0;
  while (!signal.aborted) {
    let job: RunnableJob | null;
    try {
      await withTransientRetry("lease reaper", () => reapExpiredJobs(db), { signal });
      job = await withTransientRetry("job claim", () => claimNextJob(db, workerId, leaseMs ?? CLAIM_LEASE_MS), {
        signal,
      });
      outages = 0;
    } catch (error) {
      if (!isTransientDbError(error)) throw error;
      await sleep(Math.min(MAX_OUTAGE_PAUSE_MS, pollMs * 2 ** outages++), signal);
      continue;
    }
    if (!job) {
      await sleep(pollMs, signal);
      continue;
    }
    onJob?.(job.id);
    await runJob(db, workerId, job, replay, leaseMs);
    onJob?.(null);
  }
}

type RunnableJob = { id: string; type: string; payload: string };

async function runJob(
  db: Db,
  workerId: string,
  job: RunnableJob,
  replay: ReplaySettings,
  leaseOverrideMs: number | undefined,
): Promise<void> {
  if (!isJobType(job.type)) {
    await finish(job.id, () =>
      failJob(db, job.id, workerId, `Unknown job type "${job.type}": this worker is older than the web app`),
    );
    return;
  }
  const leaseMs = leaseOverrideMs ?? leaseMsOf(job.type);
  const lost = new AbortController();
  let progress = 0;
  const heartbeat = setInterval(
    () => {
      // A failed heartbeat (a database blip) is noted, not fatal: a later one can still renew the lease.
      heartbeatJob(db, job.id, workerId, leaseMs, progress).then(
        (held) => held || lost.abort(new Error("lease lost")),
        (error: unknown) => noteFault("database", error, `lease heartbeat of job ${job.id}`),
      );
    },
    Math.floor(leaseMs / 3),
  );

  try {
    const reportProgress = async (fraction: number) => {
      progress = fraction;
    };
    await dispatch(job.type, JSON.parse(job.payload), { db, signal: lost.signal, reportProgress, replay });
    await finish(job.id, () => succeedJob(db, job.id, workerId));
    console.log(`[${workerId}] job ${job.id} (${job.type}) succeeded`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isTransientDbError(error)) {
      // The database, not the job, failed: queue it again without counting an attempt.
      noteFault("database", error, `job ${job.id} (${job.type})`);
      await finish(job.id, () => releaseJob(db, job.id, workerId, message, OUTAGE_REQUEUE_MS));
      return;
    }
    console.error(`[${workerId}] job ${job.id} (${job.type}) failed: ${message}`);
    await finish(job.id, () =>
      failJob(db, job.id, workerId, message, { isPermanent: error instanceof PermanentJobError }),
    );
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * Records a job's end, retrying while the database is unavailable. If it stays unavailable the
 * record is dropped: the lease then runs out and the job runs again (handlers are idempotent).
 */
async function finish(jobId: string, record: () => Promise<unknown>): Promise<void> {
  await withTransientRetry(`finishing job ${jobId}`, record).catch((error: unknown) => {
    if (!isTransientDbError(error)) throw error;
  });
}
