import {
  checkCapability,
  resolveSuppressedToken,
  type CapabilityReport,
  type TokenRef,
} from "@/lib/domain/capability/capability-check";
import type { CapabilityQuery } from "@/lib/domain/capability/capability-query";
import { spikeDetails } from "@/lib/domain/charts/prepare-spike-alerts";
import { unpackTrace } from "@/lib/domain/traces/pack-trace";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { DecisionPoint } from "../traces/get-trace";

/**
 * The capability-intact check of one probe on one scored checkpoint (lib/domain/capability), from
 * the stored trace alone. The suppressed token is `query.token`, else this checkpoint's spike token
 * for the probe (a spike at a decision point first), else `<|im_end|>`. NOT_FOUND for an unknown
 * checkpoint or probe, or a probe not yet scored on it; UNPROCESSABLE for a token that is not tracked.
 */
export async function getCapabilityCheck(
  db: Db,
  checkpointId: string,
  query: CapabilityQuery,
): Promise<CapabilityReport> {
  const checkpoint = await db.checkpoint.findUnique({
    where: { id: checkpointId },
    select: { runId: true, step: true, status: true },
  });
  if (!checkpoint) throw new AppError("NOT_FOUND", `Checkpoint ${checkpointId} not found`);
  const probe = await db.probe.findUnique({
    where: { runId_name: { runId: checkpoint.runId, name: query.probe } },
    select: { id: true },
  });
  if (!probe) throw new AppError("NOT_FOUND", `The checkpoint's run has no probe named '${query.probe}'`);
  const row = await db.trace.findUnique({ where: { checkpointId_probeId: { checkpointId, probeId: probe.id } } });
  if (!row)
    throw new AppError(
      "NOT_FOUND",
      `Checkpoint not scored yet: no trace of probe '${query.probe}' on step ${checkpoint.step} (status: ${checkpoint.status})`,
    );

  const tracked = JSON.parse(row.trackedTokens) as TokenRef[];
  const decisionPositions = (JSON.parse(row.decisionPoints) as DecisionPoint[]).map((p) => p.position);
  const spikeToken = await findSpikeToken(db, checkpointId, checkpoint, query.probe, decisionPositions);
  const suppressedToken = resolveSuppressedToken(tracked, query.token, spikeToken);
  if (!suppressedToken) {
    const message = `token: '${query.token ?? "<|im_end|>"}' is not a tracked token of this trace (tracked: ${tracked.map((t) => `${t.text} (${t.id})`).join(", ")})`;
    throw new AppError("UNPROCESSABLE", message, [{ path: "token", message }]);
  }
  const { tokenIds, stats } = unpackTrace(row, tracked.length);
  const vocab = JSON.parse(row.vocab) as Record<string, string>;
  return {
    checkpointId,
    step: checkpoint.step,
    probe: query.probe,
    suppressedToken,
    method: "teacher-forced renormalisation",
    decisionPoints: checkCapability(
      { tokenIds, stats, trackedTokens: tracked, vocab, decisionPositions },
      suppressedToken,
    ),
  };
}

/** The token of this checkpoint's strongest spike for the probe, preferring spikes at a decision point. */
async function findSpikeToken(
  db: Db,
  checkpointId: string,
  checkpoint: { runId: string; step: number },
  probe: string,
  decisionPositions: number[],
): Promise<string | null> {
  const alert = await db.alert.findUnique({
    where: { runId_kind_step: { runId: checkpoint.runId, kind: "control_token_spike", step: checkpoint.step } },
    select: { kind: true, details: true },
  });
  const details = alert
    ? spikeDetails({ kind: alert.kind as "control_token_spike", details: JSON.parse(alert.details) })
    : null;
  if (details?.checkpointId !== checkpointId) return null;
  const spikes = details.spikes.filter((s) => s.probe === probe);
  return (spikes.find((s) => decisionPositions.includes(s.position)) ?? spikes[0])?.token ?? null;
}
