import { z } from "zod";
import { FAILURE_KINDS, STRUCTURAL_STATES } from "../classifier/types";
import { MAX_STEP, RUN_STATUSES, SPLITS } from "../ingest/schemas";

const Step = z.coerce.number().int().min(0).max(MAX_STEP);

/** `/?regime=&model=&status=`: the runs list filters. */
export const RunsPageQuery = {
  regime: z.string().max(64),
  model: z.string().max(200),
  status: z.enum(RUN_STATUSES),
};

/** `/runs/:id/rollouts?step=&split=&state=&failure=&cursor=&rollout=`: the rollout browser. */
export const RolloutBrowserQuery = {
  step: Step,
  split: z.enum(SPLITS),
  state: z.enum(STRUCTURAL_STATES),
  failure: z.enum(FAILURE_KINDS),
  cursor: z.coerce.number().int().min(0),
  rollout: z.coerce.number().int().min(0),
};

type Values<S extends Record<string, z.ZodType>> = { [K in keyof S]?: z.output<S[K]> };
export type RunsPageParams = Values<typeof RunsPageQuery>;
export type RolloutBrowserParams = Values<typeof RolloutBrowserQuery>;
