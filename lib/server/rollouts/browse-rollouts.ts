import type { Db } from "../db";
import { AppError } from "../errors";
import { getRun } from "../runs/get-run";
import type { RunRecord } from "../runs/run-record";
import { getRollout } from "./get-rollout";
import { listRollouts, type RolloutPage, type RolloutsQuery } from "./list-rollouts";
import type { RolloutRecord } from "./rollout-record";

export type BrowseRolloutsQuery = Omit<RolloutsQuery, "limit"> & { limit?: number; rollout?: number };

export type RolloutBrowserData = {
  run: RunRecord;
  page: RolloutPage;
  /** the rollout to show in full: the one asked for, else the first of the page */
  selected: RolloutRecord | null;
  /** the asked-for rollout id when this run has no such rollout */
  missingRolloutId: number | null;
};

/**
 * Everything the rollout browser shows: the run, one filtered page of rollouts and the selected
 * rollout (fetched on its own when it is not on this page). Null when the run does not exist.
 */
export async function browseRollouts(
  db: Db,
  runId: string,
  query: BrowseRolloutsQuery,
): Promise<RolloutBrowserData | null> {
  const run = await getRun(db, runId);
  if (!run) return null;
  const { rollout: rolloutId, limit = 50, ...filters } = query;
  const page = await listRollouts(db, runId, { ...filters, limit });
  if (rolloutId === undefined) return { run, page, selected: page.rollouts[0] ?? null, missingRolloutId: null };

  const onPage = page.rollouts.find((r) => r.id === rolloutId);
  if (onPage) return { run, page, selected: onPage, missingRolloutId: null };
  try {
    return { run, page, selected: await getRollout(db, runId, rolloutId), missingRolloutId: null };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND")
      return { run, page, selected: null, missingRolloutId: rolloutId };
    throw error;
  }
}
