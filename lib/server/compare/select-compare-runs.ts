import type { CompareSelection } from "@/lib/domain/compare/compare-query";
import { MAX_COMPARE_RUNS } from "@/lib/domain/compare/compare-query";
import type { Db } from "../db";
import { AppError } from "../errors";
import { EVALUATION_ONLY_RUN } from "../evaluation/evaluation-run-filter";

export const COMPARE_RUN_SELECT = {
  id: true,
  name: true,
  regime: true,
  scheme: true,
  seed: true,
  isDemo: true,
  phases: true,
  collapseStatus: true,
  collapseOnsetStep: true,
} as const;

/**
 * The runs a selection names: the listed ids (unknown ones are a 404 naming them) plus every run of the
 * listed regimes and, with `evaluations`, every evaluation-only run, filtered by the demo switch, ordered by regime, seed and name so seeds sit together.
 */
export async function selectCompareRuns(db: Db, selection: CompareSelection) {
  const isDemo = selection.demo === "include" ? undefined : selection.demo === "only";
  const byId = selection.runs.length
    ? await db.run.findMany({ where: { id: { in: selection.runs } }, select: COMPARE_RUN_SELECT })
    : [];
  const missing = selection.runs.filter((id) => !byId.some((r) => r.id === id));
  if (missing.length) throw new AppError("NOT_FOUND", `runs: no run with id ${missing.join(", ")}`);
  const byRegime = selection.regimes.length
    ? await db.run.findMany({
        where: { regime: { in: selection.regimes }, isDemo },
        select: COMPARE_RUN_SELECT,
        take: MAX_COMPARE_RUNS + 1,
      })
    : [];
  const evaluations = selection.evaluations
    ? await db.run.findMany({
        where: { ...EVALUATION_ONLY_RUN, isDemo },
        select: COMPARE_RUN_SELECT,
        take: MAX_COMPARE_RUNS + 1,
      })
    : [];
  const runs = [
    ...new Map(
      [...byId.filter((r) => isDemo === undefined || r.isDemo === isDemo), ...byRegime, ...evaluations].map((r) => [
        r.id,
        r,
      ]),
    ).values(),
  ];
  if (runs.length > MAX_COMPARE_RUNS)
    throw new AppError(
      "BAD_REQUEST",
      `regimes: the selection holds more than ${MAX_COMPARE_RUNS} runs; pick runs instead`,
    );
  return runs.sort(
    (a, b) =>
      (a.regime ?? "").localeCompare(b.regime ?? "") || (a.seed ?? 0) - (b.seed ?? 0) || a.name.localeCompare(b.name),
  );
}

export type CompareRunRecord = Awaited<ReturnType<typeof selectCompareRuns>>[number];
