import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPIKE_SERIES_BOOSTS } from "../fixtures/tiny-lm/checkpoint-series";
import { tornTraces, uploadCheckpointSeries } from "./support/checkpoint-series";
import { createSuiteDatabase, type ScratchDatabase } from "./support/scratch-database";
import { startWorker, waitFor, type Worker } from "./support/worker-processes";

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

    const finished = { id: { in: jobIds }, status: { in: ["succeeded", "failed"] } };
    await waitFor("every job to finish", async () => ((await suite.db.job.count({ where: finished })) === jobIds.length ? true : undefined), 240_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${workers.map((w) => `--- ${w.id}\n${w.output()}`).join("\n")}`);
    });
    await Promise.all(workers.map((w) => w.stop()));

    const jobs = await suite.db.job.findMany({ where: { id: { in: jobIds } }, select: { status: true, attempts: true, lastError: true } });
    expect(jobs).toEqual(jobIds.map(() => ({ status: "succeeded", attempts: 1, lastError: null })));
    // Exactly one worker reports each job done.
    const doneBy = jobIds.map((id) => workers.filter((w) => w.output().includes(`job ${id} (score-checkpoint) succeeded`)).map((w) => w.id));
    console.log(`${suite.config.provider}: jobs done by`, doneBy.map((ids) => ids.join("+")).join(", "));
    expect(doneBy.map((ids) => ids.length)).toEqual(jobIds.map(() => 1));

    const stored = await suite.db.checkpoint.findMany({ where: { runId }, orderBy: { step: "asc" }, select: { status: true, probesDone: true, probesTotal: true } });
    expect(stored).toEqual(checkpoints.map(() => ({ status: "scored", probesDone: PROBES, probesTotal: PROBES })));
    const checkpointIds = checkpoints.map((c) => c.checkpointId);
    const pairs = await suite.db.trace.groupBy({ by: ["checkpointId", "probeId"], where: { checkpointId: { in: checkpointIds } }, _count: { _all: true } });
    expect(pairs).toHaveLength(checkpoints.length * PROBES);
    expect(pairs.filter((p) => p._count._all !== 1)).toEqual([]);
    expect(await tornTraces(suite, checkpointIds)).toEqual([]);

    const alerts = await suite.db.alert.findMany({ where: { runId, kind: "control_token_spike" }, select: { step: true } });
    expect(alerts).toEqual([{ step: 400 }]);
  }, 300_000);
});
