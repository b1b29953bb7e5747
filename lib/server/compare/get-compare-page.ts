import type { CompareSelection } from "@/lib/domain/compare/compare-query";
import type { Db } from "../db";
import { compareRuns, type Comparison } from "./get-comparison";
import { getCompareSeries, type CompareRunSeries } from "./get-compare-series";
import { selectCompareRuns } from "./select-compare-runs";

export type CompareCandidate = { id: string; name: string; regime: string | null; seed: number | null; isDemo: boolean };
export type ComparePage = { candidates: CompareCandidate[]; comparison: (Comparison & { series: CompareRunSeries[] }) | null };

/** Most runs the picker lists; a lab with more picks by regime. */
const MAX_CANDIDATES = 500;

/** Everything the compare page shows: the runs to pick from and, for a selection, its table and chart series. */
export async function getComparePage(db: Db, selection: CompareSelection | null): Promise<ComparePage> {
  const candidates = await db.run.findMany({
    select: { id: true, name: true, regime: true, seed: true, isDemo: true },
    orderBy: [{ isDemo: "desc" }, { regime: "asc" }, { name: "asc" }],
    take: MAX_CANDIDATES,
  });
  if (!selection) return { candidates, comparison: null };
  const runs = await selectCompareRuns(db, selection);
  const [comparison, series] = await Promise.all([compareRuns(db, runs), getCompareSeries(db, runs)]);
  return { candidates, comparison: { ...comparison, series } };
}
