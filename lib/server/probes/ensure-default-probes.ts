import { BUILTIN_PROBE } from "@/lib/domain/probes/builtin-probe";
import { STRUCTURAL_STATES, type StructuralState } from "@/lib/domain/classifier/types";
import type { Db } from "../db";
import { withWriteRetry } from "../write-retry";
import { listProbes, type ProbeRecord } from "./list-probes";

const PER_STATE = 2;

/**
 * The run's probes; a run without any first gets a default set drawn from its own rollouts: up to two
 * on-policy training rollouts per worst structural state (the earliest and the latest step), so the
 * replay covers healthy and broken turns alike. A run without rollouts gets the built-in dialogue.
 * `states` narrows the draw (the demo loader takes healthy rollouts only, so demo replays stay short).
 */
export function ensureDefaultProbes(
  db: Db,
  runId: string,
  states: readonly StructuralState[] = STRUCTURAL_STATES,
): Promise<ProbeRecord[]> {
  // Two workers replaying checkpoints of one run may race here; the loser's retry finds the set made.
  return withWriteRetry(() => createDefaultProbes(db, runId, states));
}

async function createDefaultProbes(db: Db, runId: string, states: readonly StructuralState[]): Promise<ProbeRecord[]> {
  const existing = await listProbes(db, runId);
  if (existing.length > 0) return existing;

  const picks = await Promise.all(
    states.map(async (state) => {
      const where = { runId, worstState: state, isOffPolicy: false };
      const select = { id: true, step: true, sampleId: true, transcript: true } as const;
      const [first, last] = await Promise.all([
        db.rollout.findFirst({ where, orderBy: [{ step: "asc" }, { id: "asc" }], select }),
        db.rollout.findFirst({ where, orderBy: [{ step: "desc" }, { id: "desc" }], select }),
      ]);
      return [first, last]
        .filter((r, i, all): r is NonNullable<typeof r> => r !== null && all.findIndex((x) => x?.id === r.id) === i)
        .slice(0, PER_STATE)
        .map((r) => ({ name: `default:${state}:step-${r.step}:${r.sampleId}`.slice(0, 100), messages: r.transcript }));
    }),
  );
  const chosen = picks.flat();
  const data =
    chosen.length > 0 ? chosen : [{ name: BUILTIN_PROBE.name, messages: JSON.stringify(BUILTIN_PROBE.messages) }];
  await db.probe.createMany({
    data: data.map((p) => ({ runId, source: "default", name: p.name, messages: p.messages })),
  });
  return listProbes(db, runId);
}
