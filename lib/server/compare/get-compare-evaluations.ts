import { evaluationProfile, type EvaluationProfile } from "@/lib/domain/evaluation/evaluation-profile";
import { isEvaluationOnly } from "@/lib/domain/evaluation/evaluation-run";
import { BROKEN_STATES } from "@/lib/domain/evaluation/turn-positions";
import type { Db } from "../db";
import { readEvalTurnCounts } from "../evaluation/read-eval-turn-counts";
import type { CompareData } from "./read-compare-data";

/** One evaluation-only run of a comparison, in the run page's terms. */
export type CompareEvaluation = EvaluationProfile & {
  id: string;
  name: string;
  regime: string | null;
  isDemo: boolean;
  dialogues: number;
  /** dialogues with at least one broken turn (text pollution or full collapse) */
  brokenDialogues: number;
};

/** The selection's evaluation-only runs side by side: state mix per eval kind, turn positions, structure break. */
export async function getCompareEvaluations(db: Db, { runs, healthByRun }: CompareData): Promise<CompareEvaluation[]> {
  const evaluations = runs.filter((run) =>
    isEvaluationOnly([...new Set((healthByRun.get(run.id) ?? []).map((h) => h.split))]),
  );
  if (evaluations.length === 0) return [];
  const ids = evaluations.map((r) => r.id);
  const [counts, broken] = await Promise.all([
    readEvalTurnCounts(db, ids),
    db.rollout.groupBy({
      by: ["runId"],
      where: { runId: { in: ids }, split: "eval", worstState: { in: [...BROKEN_STATES] } },
      _count: { _all: true },
    }),
  ]);
  return evaluations.map((run) => ({
    id: run.id,
    name: run.name,
    regime: run.regime,
    isDemo: run.isDemo,
    dialogues: (healthByRun.get(run.id) ?? []).reduce((n, h) => n + h.rollouts, 0),
    brokenDialogues: broken.find((b) => b.runId === run.id)?._count._all ?? 0,
    ...evaluationProfile(counts.get(run.id) ?? []),
  }));
}
