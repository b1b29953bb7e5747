/** Prisma filter for evaluation-only runs (lib/domain/evaluation/evaluation-run.ts): eval-split health and nothing else. */
export const EVALUATION_ONLY_RUN = {
  stepHealth: { some: { split: "eval" }, none: { split: { not: "eval" } } },
} as const;
