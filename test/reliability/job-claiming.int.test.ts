import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSuiteDatabase, type ScratchDatabase } from "./support/scratch-database";
import { claimNextJob } from "@/lib/server/jobs/claim-next-job";
import { holdWriteLock } from "./support/service-faults";
import { spawnTs } from "./support/worker-processes";

const CLAIMERS = 8;
// SQLite makes waiting writers sleep (its busy handler), so 8 processes claim there ~6x slower;
// the races are the same with fewer jobs.
const JOBS = process.env.SPIKEWATCH_TEST_DB === "postgresql" ? 400 : 100;

let suite: ScratchDatabase;
beforeAll(async () => {
  suite = await createSuiteDatabase("claiming");
});
afterAll(() => suite?.drop());

type ClaimerReport = { workerId: string; claimed: string[] };

/** Starts `count` claimer processes, each with its own connection pool, releases them at once, and collects what each claimed. */
async function runClaimers(count: number): Promise<{ reports: ClaimerReport[]; claimMs: number }> {
  const claimers = Array.from({ length: count }, (_, i) => {
    const child = spawnTs("test/reliability/support/claim-until-empty.ts", {
      ...process.env,
      ...suite.env,
      SPIKEWATCH_WORKER_ID: `claimer-${i}`,
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const ready = new Promise<void>((resolve) =>
      child.stdout.on("data", (c: Buffer) => (out += c.toString()).startsWith("ready\n") && resolve()),
    );
    const done = new Promise<ClaimerReport>((resolve, reject) =>
      child.once("exit", (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split("\n").at(-1)!) as ClaimerReport)
          : reject(new Error(`claimer-${i} exited ${code}: ${err}`)),
      ),
    );
    return { child, ready, done };
  });
  await Promise.all(claimers.map((c) => c.ready));
  const started = Date.now();
  for (const { child } of claimers) child.stdin.end("go\n");
  const reports = await Promise.all(claimers.map((c) => c.done));
  return { reports, claimMs: Date.now() - started };
}

describe(`job claiming with ${CLAIMERS} processes on one database`, () => {
  it(`hands each of ${JOBS} jobs to exactly one claimer and loses none`, async () => {
    const payloads = Array.from({ length: JOBS }, (_, i) => JSON.stringify({ runId: `run-${i}` }));
    await suite.db.job.createMany({ data: payloads.map((payload) => ({ type: "reclassify-run", payload })) });
    const ids = (await suite.db.job.findMany({ select: { id: true } })).map((j) => j.id);

    const { reports, claimMs } = await runClaimers(CLAIMERS);
    console.log(
      `${suite.config.provider}: ${JOBS} jobs claimed by ${CLAIMERS} processes in ${claimMs} ms;`,
      reports.map((r) => `${r.workerId}=${r.claimed.length}`).join(" "),
    );

    const claims = reports.flatMap((r) => r.claimed.map((id) => ({ id, workerId: r.workerId })));
    expect(claims).toHaveLength(JOBS);
    expect(claims.map((c) => c.id).sort()).toEqual([...ids].sort());

    // The database agrees: one attempt each, leased to the claimer that reported it.
    const rows = await suite.db.job.findMany({ select: { id: true, status: true, attempts: true, leaseOwner: true } });
    const ownerOf = new Map(claims.map((c) => [c.id, c.workerId]));
    expect(
      rows.filter((r) => r.status !== "running" || r.attempts !== 1 || r.leaseOwner !== ownerOf.get(r.id)),
    ).toEqual([]);
  }, 300_000);

  it("waits out another process's write lock and claims each job once, without throwing", async () => {
    await suite.db.job.deleteMany();
    const jobs = await Promise.all(
      ["a", "b"].map((runId) =>
        suite.db.job.create({ data: { type: "reclassify-run", payload: JSON.stringify({ runId }) } }),
      ),
    );
    // Longer than SQLite's busy timeout, far shorter than the transient retry window.
    const lock = await holdWriteLock(suite.config, 1_500, ["Job"]);
    const claimed = await Promise.all([
      claimNextJob(suite.db, "while-locked-1", 60_000),
      claimNextJob(suite.db, "while-locked-2", 60_000),
    ]);
    await lock.released;

    expect(claimed.map((j) => j?.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    const rows = await suite.db.job.findMany({ select: { status: true, attempts: true } });
    expect(rows).toEqual([
      { status: "running", attempts: 1 },
      { status: "running", attempts: 1 },
    ]);
  }, 60_000);
});
