import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRunExists } from "../runs/get-run";
import type { DecisionPoint } from "./get-trace";

/**
 * One decision point of one probe on one scored checkpoint. `index` is the point's order within
 * the trace (0 = the probe's first decision point); `position` is the token position whose entry
 * holds the distribution of the first token after `<|im_start|>assistant\n<tool_call>\n`.
 */
export type DecisionSeriesPoint = {
  step: number;
  checkpointId: string;
  index: number;
  position: number;
  probabilities: Record<string, number | null>;
};

/**
 * The decision-point probabilities of one probe over the run's scored checkpoints, in step order
 * (then by decision point). Checkpoints still queued, scoring or failed are left out; a probe
 * without decision points gives an empty list. Throws NOT_FOUND for an unknown run or probe.
 */
export async function getDecisionSeries(db: Db, runId: string, probeName: string): Promise<DecisionSeriesPoint[]> {
  await assertRunExists(db, runId);
  const probe = await db.probe.findUnique({ where: { runId_name: { runId, name: probeName } }, select: { id: true } });
  if (!probe) throw new AppError("NOT_FOUND", `Run ${runId} has no probe named '${probeName}'`);
  const rows = await db.trace.findMany({
    where: { probeId: probe.id, checkpoint: { runId, status: "scored" } },
    orderBy: { checkpoint: { step: "asc" } },
    select: { decisionPoints: true, checkpoint: { select: { id: true, step: true } } },
  });
  return rows.flatMap(({ decisionPoints, checkpoint }) =>
    parseDecisionPoints(decisionPoints).map((point, index) => ({
      step: checkpoint.step,
      checkpointId: checkpoint.id,
      index,
      ...point,
    })),
  );
}

/** JSON text as the worker stores it; NaN was written as null, and a malformed value counts as none. */
export function parseDecisionPoints(
  text: string,
): { position: number; probabilities: Record<string, number | null> }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return (parsed as Partial<DecisionPoint>[])
    .filter((p) => typeof p?.position === "number" && typeof p.probabilities === "object" && p.probabilities !== null)
    .map((p) => ({
      position: p.position!,
      probabilities: Object.fromEntries(
        Object.entries(p.probabilities!).map(([token, v]) => [
          token,
          typeof v === "number" && Number.isFinite(v) ? v : null,
        ]),
      ),
    }));
}
