import {
  DEMO_NAME_PREFIX,
  DEMO_RUNS,
  demoCreateRun,
  type DemoRegime,
  type DemoRunSpec,
} from "@/lib/domain/demo/demo-runs";
import { simulateRun } from "@/lib/domain/demo/simulate-run";
import { expectedRolloutCount } from "@/lib/domain/demo/simulate-step";
import type { Config } from "../config";
import type { Db } from "../db";
import { AppError } from "../errors";
import { ingestMetrics } from "../metrics/ingest-metrics";
import { ingestRollouts } from "../rollouts/ingest-rollouts";
import { createRun } from "../runs/create-run";
import { loadDemoCheckpoints, type LoadedDemoCheckpoint } from "./load-demo-checkpoints";

export type LoadDemoOptions = {
  /** prefix of the run names (default "demo-"); tests pass their own to stay apart */
  namePrefix?: string;
  /** load only these regimes (default: all demo runs) */
  regimes?: readonly DemoRegime[];
  /** called after each run with its name and what was stored */
  onRun?: (run: LoadedDemoRun) => void;
  /** where to store the demo checkpoints (and queue their replay); without it, runs only */
  checkpointStore?: Pick<Config, "dataDir" | "blobs">;
  /** called once the demo checkpoints are stored, with those stored now */
  onCheckpoints?: (checkpoints: LoadedDemoCheckpoint[]) => void;
};

export type LoadedDemoRun = { id: string; name: string; isSkipped: boolean; rollouts: number; metricPoints: number };

/** Steps of rollouts per ingest call: small enough that alerts are raised as during a live run. */
export const DEMO_ROLLOUT_STEPS_PER_BATCH = 10;
/** Steps of metrics per ingest call: each call costs ~20 queries, so metrics go in fewer, larger batches. */
export const DEMO_METRIC_STEPS_PER_BATCH = 50;

/**
 * Loads the simulated demo runs (isDemo = true) through the same functions as live ingestion, in
 * step order and batches of a few steps, so step health, alerts and the change feed come out as
 * for a real run. Idempotent: a demo run already complete is skipped, a partial one is completed
 * (ingestion skips what is stored). Refuses, before writing anything, when a real run has a demo name.
 * With `checkpointStore`, then stores the demo checkpoints of the runs that get them.
 */
export async function loadDemo(db: Db, options: LoadDemoOptions = {}): Promise<LoadedDemoRun[]> {
  const prefix = options.namePrefix ?? DEMO_NAME_PREFIX;
  const specs = DEMO_RUNS.filter((spec) => !options.regimes || options.regimes.includes(spec.regime));
  await assertNoRealRunNamed(
    db,
    specs.map((spec) => demoCreateRun(spec, prefix).name),
  );
  const loaded: LoadedDemoRun[] = [];
  for (const spec of specs) {
    const run = await loadRun(db, spec, prefix);
    options.onRun?.(run);
    loaded.push(run);
  }
  if (options.checkpointStore) {
    const checkpoints = await loadDemoCheckpoints(db, options.checkpointStore, prefix);
    options.onCheckpoints?.(checkpoints);
  }
  return loaded;
}

async function loadRun(db: Db, spec: DemoRunSpec, prefix: string): Promise<LoadedDemoRun> {
  const input = demoCreateRun(spec, prefix);
  const { id, isCreated } = await createRun(db, input, { isDemo: true });
  if (!isCreated) {
    await assertNoRealRunNamed(db, [input.name]); // a real run may have taken the name since the first check
    if ((await db.rollout.count({ where: { runId: id } })) >= expectedRolloutCount(spec)) {
      return { id, name: input.name, isSkipped: true, rollouts: 0, metricPoints: 0 };
    }
  }
  let rollouts = 0;
  let metricPoints = 0;
  for (let from = 0; from < spec.steps; from += DEMO_METRIC_STEPS_PER_BATCH) {
    const steps = simulateRun(spec, { fromStep: from, toStep: from + DEMO_METRIC_STEPS_PER_BATCH - 1 });
    // Metrics first: the run counts as complete once all its rollouts are stored.
    metricPoints += (
      await ingestMetrics(
        db,
        id,
        steps.flatMap((s) => s.metrics),
      )
    ).inserted;
    for (let i = 0; i < steps.length; i += DEMO_ROLLOUT_STEPS_PER_BATCH) {
      const batch = steps.slice(i, i + DEMO_ROLLOUT_STEPS_PER_BATCH).flatMap((s) => s.rollouts);
      rollouts += (await ingestRollouts(db, id, batch, { source: "demo" })).inserted;
    }
  }
  return { id, name: input.name, isSkipped: false, rollouts, metricPoints };
}

async function assertNoRealRunNamed(db: Db, names: readonly string[]): Promise<void> {
  const real = await db.run.findFirst({ where: { name: { in: [...names] }, isDemo: false }, select: { name: true } });
  if (real) {
    throw new AppError(
      "CONFLICT",
      `a run named "${real.name}" exists and is not demo data; demo data was not loaded, so it is never mixed with real runs (rename that run to load the demo)`,
    );
  }
}
