import type { FailureKind } from "@/lib/domain/classifier/types";
import {
  MAX_LISTED_DIALOGUES,
  summarizeDialogue,
  type DialogueSummary,
} from "@/lib/domain/evaluation/dialogue-summary";
import { evaluationProfile, type EvaluationProfile } from "@/lib/domain/evaluation/evaluation-profile";
import { isStructuralState } from "@/lib/domain/evaluation/turn-positions";
import { decodeFailures } from "@/lib/domain/ingest/failure-list";
import type { EvalKind } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { readEvalTurnCounts } from "./read-eval-turn-counts";

const collator = new Intl.Collator("en", { numeric: true });

export type EvaluationDialogue = DialogueSummary & {
  rolloutId: number;
  sampleId: string;
  step: number;
  evalKind: EvalKind | null;
};

export type RunEvaluation = EvaluationProfile & {
  dialogues: number;
  /** turns showing each failure kind, most frequent first */
  failureKinds: { kind: FailureKind; turns: number }[];
  /** the first MAX_LISTED_DIALOGUES dialogues by step and sample id (numbers in ids in numeric order) */
  dialogueRows: EvaluationDialogue[];
};

/** What the run page shows for an evaluation run: every number over all its eval-split dialogues. */
export async function getRunEvaluation(db: Db, runId: string): Promise<RunEvaluation> {
  const where = { runId, split: "eval" };
  const [counts, dialogues, failures, rollouts] = await Promise.all([
    readEvalTurnCounts(db, [runId]),
    db.rollout.count({ where }),
    db.stepFailure.groupBy({ by: ["kind"], where, _sum: { count: true } }),
    db.rollout.findMany({
      where,
      orderBy: [{ step: "asc" }, { sampleId: "asc" }],
      take: MAX_LISTED_DIALOGUES,
      select: {
        id: true,
        sampleId: true,
        step: true,
        evalKind: true,
        turns: { select: { turn: true, state: true, failures: true } },
      },
    }),
  ]);
  return {
    ...evaluationProfile(counts.get(runId) ?? []),
    dialogues,
    failureKinds: failures
      .map((f) => ({ kind: f.kind as FailureKind, turns: f._sum.count ?? 0 }))
      .filter((f) => f.turns > 0)
      .sort((a, b) => b.turns - a.turns || a.kind.localeCompare(b.kind)),
    dialogueRows: rollouts
      .sort((a, b) => a.step - b.step || collator.compare(a.sampleId, b.sampleId))
      .map((r) => ({
        rolloutId: r.id,
        sampleId: r.sampleId,
        step: r.step,
        evalKind: r.evalKind as EvalKind | null,
        ...summarizeDialogue(
          r.turns.flatMap((t) =>
            isStructuralState(t.state) ? [{ turn: t.turn, state: t.state, failures: decodeFailures(t.failures) }] : [],
          ),
        ),
      })),
  };
}
