import type { Db } from "../db";
import type { CheckpointRecord } from "../checkpoints/checkpoint-record";
import { listCheckpoints } from "../checkpoints/list-checkpoints";
import { AppError } from "../errors";
import { listProbes } from "../probes/list-probes";
import type { RunRecord } from "../runs/run-record";
import { getRun } from "../runs/get-run";
import { getTrace, type TraceRecord } from "./get-trace";

export type TokenViewPage = {
  run: RunRecord;
  checkpoints: CheckpointRecord[];
  checkpoint: CheckpointRecord;
  probes: string[];
  /** the asked-for probe when the run has it, else its first probe */
  probe: string | null;
  /** null until the probe has been replayed on this checkpoint */
  trace: TraceRecord | null;
};

/** Everything `/runs/:id/checkpoints/:checkpointId` shows, or null when the run or the checkpoint does not exist. */
export async function getTokenViewPage(
  db: Db,
  runId: string,
  checkpointId: string,
  askedProbe: string | undefined,
): Promise<TokenViewPage | null> {
  const run = await getRun(db, runId);
  if (!run) return null;
  const [checkpoints, probes] = await Promise.all([listCheckpoints(db, runId), listProbes(db, runId)]);
  const checkpoint = checkpoints.find((c) => c.id === checkpointId);
  if (!checkpoint) return null;
  const probe = probes.find((p) => p.name === askedProbe)?.name ?? probes[0]?.name ?? null;
  const trace = probe ? await getTrace(db, checkpointId, probe).catch(nullWhenNotFound) : null;
  return { run, checkpoints, checkpoint, probes: probes.map((p) => p.name), probe, trace };
}

function nullWhenNotFound(error: unknown): null {
  if (error instanceof AppError && error.code === "NOT_FOUND") return null;
  throw error;
}
