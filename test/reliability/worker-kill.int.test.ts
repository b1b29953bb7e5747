import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPIKE_SERIES_BOOSTS } from "../fixtures/tiny-lm/checkpoint-series";
import { expectSeriesReplayedOnce, uploadCheckpointSeries, waitForJobs } from "./support/checkpoint-series";
import { createSuiteDatabase, type ScratchDatabase } from "./support/scratch-database";
import { startWorker, waitFor, type Worker } from "./support/worker-processes";

const KILLS = 3;
const PROBES = 4;
// Short, so a dead worker's job is claimable again within seconds (SPIKEWATCH_JOB_LEASE_MS).
const LEASE_MS = 3_000;

let suite: ScratchDatabase;
const workers: Worker[] = [];
beforeAll(async () => {
  suite = await createSuiteDatabase("kill");
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await suite?.drop();
});

/** The job `workerId` holds once a probe finished under it that leaves the replay unfinished (probes done < total). */
function midReplayJobOf(workerId: string): () => Promise<string | undefined> {
  const doneAtClaim = new Map<string, number>();
  return async () => {
    const job = await suite.db.job.findFirst({
      where: { leaseOwner: workerId, status: "running" },
      select: { id: true },
    });
    const checkpoint =
      job &&
      (await suite.db.checkpoint.findFirst({
        where: { jobId: job.id },
        select: { probesDone: true, probesTotal: true },
      }));
    if (!job || !checkpoint) return undefined;
    if (!doneAtClaim.has(job.id)) doneAtClaim.set(job.id, checkpoint.probesDone);
    return checkpoint.probesDone > doneAtClaim.get(job.id)! && checkpoint.probesDone < checkpoint.probesTotal
      ? job.id
      : undefined;
  };
}

function outputs(): string {
  return workers.map((w) => `--- ${w.id}\n${w.output()}`).join("\n");
}

describe("kill -9 of a worker mid-replay", () => {
  it(`still completes every job exactly once, with whole traces and one spike alert, after ${KILLS} kills in a row`, async () => {
    const started = Date.now();
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    const { runId, checkpoints } = await uploadCheckpointSeries(suite, "kill", SPIKE_SERIES_BOOSTS, PROBES);
    console.log(`${suite.config.provider}: ${elapsed()}: ${checkpoints.length} checkpoints uploaded`);
    const jobIds = checkpoints.map((c) => c.jobId);
    // All the kills could land on one job: leave it an attempt after them.
    await suite.db.job.updateMany({ where: { id: { in: jobIds } }, data: { maxAttempts: KILLS + 1 } });
    const env = { ...suite.env, SPIKEWATCH_JOB_LEASE_MS: String(LEASE_MS) };

    // Kill each worker once it finished a probe of a job it still has more probes of. A kill that
    // lands between two jobs (the worker held none) is not counted.
    const interrupted: string[] = [];
    for (let k = 0; interrupted.length < KILLS; k++) {
      const worker = startWorker(`doomed-${k}`, env);
      workers.push(worker);
      await waitFor(`${worker.id} to finish a probe`, midReplayJobOf(worker.id)).catch((error: Error) => {
        throw new Error(`${error.message}\n${outputs()}`);
      });
      await worker.kill();
      const held = await suite.db.job.findFirst({
        where: { leaseOwner: worker.id, status: "running" },
        select: { id: true },
      });
      const progress =
        held &&
        (await suite.db.checkpoint.findFirst({
          where: { jobId: held.id },
          select: { probesDone: true, probesTotal: true },
        }));
      console.log(
        `${suite.config.provider}: ${elapsed()}: killed ${worker.id} holding ${held ? `${held.id} at ${progress?.probesDone}/${progress?.probesTotal} probes` : "no job"}`,
      );
      if (held) interrupted.push(held.id);
    }

    const survivor = startWorker("survivor", env);
    workers.push(survivor);
    await waitForJobs(suite, jobIds, workers);
    await survivor.stop();
    console.log(`${suite.config.provider}: ${elapsed()}: the survivor finished the remaining work`);

    // Each kill cost its job exactly one attempt; each job succeeded once, on one worker.
    const jobs = await suite.db.job.findMany({
      where: { id: { in: jobIds } },
      select: { id: true, status: true, attempts: true },
    });
    expect(jobs.sort((a, b) => jobIds.indexOf(a.id) - jobIds.indexOf(b.id))).toEqual(
      jobIds.map((id) => ({
        id,
        status: "succeeded",
        attempts: 1 + interrupted.filter((killed) => killed === id).length,
      })),
    );
    const successes = jobIds.map(
      (id) => workers.filter((w) => w.output().includes(`job ${id} (score-checkpoint) succeeded`)).length,
    );
    expect(successes).toEqual(jobIds.map(() => 1));

    await expectSeriesReplayedOnce(suite, runId, checkpoints, PROBES);
  }, 300_000);
});
