import { CompareQuerySchema, type CompareSelection } from "@/lib/domain/compare/compare-query";
import type { Db } from "../db";
import { AppError } from "../errors";
import { EVALUATION_ONLY_RUN } from "../evaluation/evaluation-run-filter";
import { comparisonOf, type Comparison } from "./get-comparison";
import { getCompareEvaluations, type CompareEvaluation } from "./get-compare-evaluations";
import { getCompareSeries, type CompareRunSeries } from "./get-compare-series";
import { readCompareData } from "./read-compare-data";
import { selectCompareRuns } from "./select-compare-runs";

export type CompareCandidate = {
  id: string;
  name: string;
  regime: string | null;
  seed: number | null;
  isDemo: boolean;
};
export type ComparePage = {
  candidates: CompareCandidate[];
  /** real evaluation-only runs, for the one-click "compare the evaluations" preset */
  realEvaluationRuns: number;
  selection: CompareSelection | null;
  /** why the query was not shown (bad value, unknown run), for the page to say */
  problem: string | null;
  comparison: (Comparison & { series: CompareRunSeries[]; evaluations: CompareEvaluation[] }) | null;
};

/** Most runs the picker lists; a lab with more picks by regime. */
const MAX_CANDIDATES = 500;

/**
 * Everything the compare page shows: the runs to pick from and, for a valid selection in the query,
 * its table and chart series, and its evaluation-only runs in the run page's terms. A bad query is reported in `problem` instead of failing the page.
 */
export async function getComparePage(db: Db, query: Record<string, string | undefined>): Promise<ComparePage> {
  const [runs, realEvaluationRuns] = await Promise.all([
    db.run.findMany({
      select: { id: true, name: true, regime: true, seed: true, isDemo: true },
      orderBy: [{ isDemo: "desc" }, { regime: "asc" }, { name: "asc" }],
      take: MAX_CANDIDATES,
    }),
    db.run.count({ where: { isDemo: false, ...EVALUATION_ONLY_RUN } }),
  ]);
  const candidates = { candidates: runs, realEvaluationRuns };
  if (!query.runs && !query.regimes && !query.evaluations)
    return { ...candidates, selection: null, problem: null, comparison: null };
  const parsed = CompareQuerySchema.safeParse(query);
  if (!parsed.success) {
    return {
      ...candidates,
      selection: null,
      problem: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      comparison: null,
    };
  }
  try {
    const data = await readCompareData(db, await selectCompareRuns(db, parsed.data));
    const [series, evaluations] = await Promise.all([getCompareSeries(db, data), getCompareEvaluations(db, data)]);
    return {
      ...candidates,
      selection: parsed.data,
      problem: null,
      comparison: { ...comparisonOf(data), series, evaluations },
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...candidates, selection: null, problem: error.message, comparison: null };
  }
}
