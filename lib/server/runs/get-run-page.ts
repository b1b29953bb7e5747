import { isEvaluationOnly } from "@/lib/domain/evaluation/evaluation-run";
import type { Db } from "../db";
import { getRunEvaluation, type RunEvaluation } from "../evaluation/get-run-evaluation";
import { readRunTimeline, type RunTimeline, type TimelineOptions } from "../timeline/get-run-timeline";
import { getTimelineExtent } from "../timeline/get-timeline-extent";
import { getRun } from "./get-run";
import type { RunRecord } from "./run-record";

/** The run page's data: an evaluation's dialogues and turn positions, or a training run's timeline. */
export type RunPage =
  { kind: "evaluation"; run: RunRecord; evaluation: RunEvaluation } | { kind: "training"; timeline: RunTimeline };

/** Null when the run does not exist. An evaluation-only run (every rollout in the eval split) gets the evaluation view. */
export async function getRunPage(db: Db, runId: string, options: TimelineOptions = {}): Promise<RunPage | null> {
  const [run, extent] = await Promise.all([getRun(db, runId), getTimelineExtent(db, runId)]);
  if (!run) return null;
  if (isEvaluationOnly(extent.splits.map((s) => s.split)))
    return { kind: "evaluation", run, evaluation: await getRunEvaluation(db, runId) };
  return { kind: "training", timeline: await readRunTimeline(db, run, extent, options) };
}
