import { detectControlTokenSpikes, type ControlTokenSpike } from "@/lib/domain/spikes/detect-control-token-spikes";
import { unpackTrace } from "@/lib/domain/traces/pack-trace";
import type { SpikeAlertDetails } from "@/lib/domain/alerts/types";
import { groupBy } from "@/lib/utils/group-by";
import type { Db } from "../db";
import { recordChanges } from "../events/change-feed";
import { writeTransaction } from "../write-transaction";

const SPIKES_KEPT_PER_ALERT = 20;

type Tracked = { id: number; text: string };
type NamedSpike = ControlTokenSpike & { probe: string; token: string; checkpointId: string };

/**
 * Runs the spike rule over every probe's traces on the run's scored checkpoints and stores one
 * `control_token_spike` alert per checkpoint step that has spikes and no such alert yet. Traces are
 * compared only when their token sequence and tracked tokens equal the newest checkpoint's, so
 * positions line up. Returns the new alerts' ids; they reach the event streams like other alerts.
 */
export async function raiseSpikeAlerts(db: Db, runId: string): Promise<number[]> {
  const spikes = await findSpikes(db, runId);
  const byStep = groupBy(spikes, (s) => s.step);
  if (byStep.size === 0) return [];
  return writeTransaction(db, async (tx) => {
    const stored = await tx.alert.findMany({ where: { runId, kind: "control_token_spike" }, select: { step: true } });
    const ids: number[] = [];
    for (const [step, found] of byStep) {
      if (stored.some((a) => a.step === step)) continue;
      const row = await tx.alert.create({
        data: { runId, step, kind: "control_token_spike", ...describe(found) },
        select: { id: true },
      });
      ids.push(row.id);
    }
    await recordChanges(
      tx,
      runId,
      ids.map((alertId) => ({ kind: "alert", alertId })),
    );
    return ids;
  });
}

async function findSpikes(db: Db, runId: string): Promise<NamedSpike[]> {
  const rows = await db.trace.findMany({
    where: { checkpoint: { runId, status: "scored" } },
    select: {
      tokenIds: true,
      tokenCount: true,
      tracked: true,
      trackedTokens: true,
      pNext: true,
      entropy: true,
      topIds: true,
      topP: true,
      checkpoint: { select: { id: true, step: true } },
      probe: { select: { name: true } },
    },
  });
  const byProbe = groupBy(rows, (r) => r.probe.name);
  return [...byProbe].flatMap(([probe, traces]) => {
    const sorted = traces.sort((a, b) => a.checkpoint.step - b.checkpoint.step);
    const newest = sorted[sorted.length - 1]!;
    const comparable = sorted.filter(
      (t) => sameBytes(t.tokenIds, newest.tokenIds) && t.trackedTokens === newest.trackedTokens,
    );
    const tracked = JSON.parse(newest.trackedTokens) as Tracked[];
    const unpacked = comparable.map((t) => ({
      step: t.checkpoint.step,
      checkpointId: t.checkpoint.id,
      ...unpackTrace(t, tracked.length),
    }));
    const tokenIds = unpacked[0]?.tokenIds ?? [];
    const next = tokenIds.map((_, i) => tokenIds[i + 1] ?? -1);
    const spikes = detectControlTokenSpikes(
      unpacked.map((u) => ({ step: u.step, tracked: u.stats.map((s) => s.tracked) })),
      tracked.map((t) => t.id),
      next,
    );
    return spikes.map((s) => ({
      ...s,
      probe,
      token: tracked.find((t) => t.id === s.tokenId)?.text ?? String(s.tokenId),
      checkpointId: unpacked.find((u) => u.step === s.step)!.checkpointId,
    }));
  });
}

function describe(spikes: NamedSpike[]): { severity: string; message: string; details: string } {
  const strongest = [...spikes].sort((a, b) => b.p - a.p);
  const top = strongest[0]!;
  const probes = new Set(spikes.map((s) => s.probe)).size;
  const details: SpikeAlertDetails = {
    checkpointId: top.checkpointId,
    count: spikes.length,
    spikes: strongest.slice(0, SPIKES_KEPT_PER_ALERT).map((s) => ({
      probe: s.probe,
      position: s.position,
      token: s.token,
      p: s.p,
      baseline: s.baseline,
      foldChange: s.foldChange,
    })),
  };
  return {
    severity: top.p >= 0.5 ? "critical" : "warning",
    message: `P(${top.token}) jumped to ${(top.p * 100).toFixed(0)}% (${top.foldChange.toFixed(0)}x the earlier checkpoints) at checkpoint step ${top.step}; ${spikes.length} spike(s) in ${probes} probe(s)`,
    details: JSON.stringify(details),
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
}
