import type { AlertRecord } from "@/lib/domain/events/types";
import type { Db } from "../db";
import { listAlerts } from "../alerts/list-alerts";
import { listProbes } from "../probes/list-probes";
import type { RunRecord } from "../runs/run-record";
import { getRun } from "../runs/get-run";
import { getDecisionSeries, type DecisionSeriesPoint } from "../traces/get-decision-series";
import { listCheckpoints } from "./list-checkpoints";
import type { CheckpointRecord } from "./checkpoint-record";

export type CheckpointsPage = {
  run: RunRecord;
  checkpoints: CheckpointRecord[];
  probes: string[];
  /** the asked-for probe when the run has it, else its first probe */
  probe: string | null;
  series: DecisionSeriesPoint[];
  alerts: AlertRecord[];
};

/** Everything `/runs/:id/checkpoints` shows, or null when the run does not exist. */
export async function getCheckpointsPage(
  db: Db,
  runId: string,
  askedProbe: string | undefined,
): Promise<CheckpointsPage | null> {
  const run = await getRun(db, runId);
  if (!run) return null;
  const [checkpoints, probes, alerts] = await Promise.all([
    listCheckpoints(db, runId),
    listProbes(db, runId),
    listAlerts(db, runId, { kind: "control_token_spike" }),
  ]);
  const probe = probes.find((p) => p.name === askedProbe)?.name ?? probes[0]?.name ?? null;
  const series = probe ? await getDecisionSeries(db, runId, probe) : [];
  return { run, checkpoints, probes: probes.map((p) => p.name), probe, series, alerts };
}
