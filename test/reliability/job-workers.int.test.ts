import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPIKE_SERIES_BOOSTS } from "../fixtures/tiny-lm/checkpoint-series";
import { expectSeriesReplayedOnce, uploadCheckpointSeries, waitForJobs } from "./support/checkpoint-series";
import { createSuiteDatabase, type ScratchDatabase } from "./support/scratch-database";
import { startWorker, type Worker } from "./support/worker-processes";

const WORKERS = 3;
const PROBES = 3;

let suite: ScratchDatabase;
let workers: Worker[] = [];
beforeAll(async () => {
  suite = await createSuiteDatabase("workers");
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await suite?.drop();
});

describe(`${WORKERS} worker processes on one database`, () => {
  it("replays every checkpoint once, stores one whole trace per probe, and raises the spike alert once", async () => {
    const { runId, checkpoints } = await uploadCheckpointSeries(suite, "workers", SPIKE_SERIES_BOOSTS, PROBES);
    const jobIds = checkpoints.map((c) => c.jobId);
    workers = Array.from({ length: WORKERS }, (_, i) => startWorker(`worker-${i}`, suite.env));

    await waitForJobs(suite, jobIds, workers);
    await Promise.all(workers.map((w) => w.stop()));

    const jobs = await suite.db.job.findMany({
      where: { id: { in: jobIds } },
      select: { status: true, attempts: true, lastError: true },
    });
    expect(jobs).toEqual(jobIds.map(() => ({ status: "succeeded", attempts: 1, lastError: null })));
    // Exactly one worker reports each job done.
    const doneBy = jobIds.map((id) =>
      workers.filter((w) => w.output().includes(`job ${id} (score-checkpoint) succeeded`)).map((w) => w.id),
    );
    console.log(`${suite.config.provider}: jobs done by`, doneBy.map((ids) => ids.join("+")).join(", "));
    expect(doneBy.map((ids) => ids.length)).toEqual(jobIds.map(() => 1));

    await expectSeriesReplayedOnce(suite, runId, checkpoints, PROBES);
  }, 300_000);
});
