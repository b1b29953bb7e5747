import type { CompareSelection } from "@/lib/domain/compare/compare-query";
import { compareRow, summarizeRegimes, type CompareRow, type RegimeSummary } from "@/lib/domain/compare/compare-table";
import type { Db } from "../db";
import { loadCompareFacts } from "./load-compare-facts";
import { selectCompareRuns, type CompareRunRecord } from "./select-compare-runs";

export type Comparison = { runs: CompareRow[]; regimes: RegimeSummary[] };

/** The comparison table of the selected runs: one row per run and one summary (mean, spread, survival) per regime. */
export async function getComparison(db: Db, selection: CompareSelection): Promise<Comparison> {
  return compareRuns(db, await selectCompareRuns(db, selection));
}

export async function compareRuns(db: Db, runs: readonly CompareRunRecord[]): Promise<Comparison> {
  const rows = (await loadCompareFacts(db, runs)).map(compareRow);
  return { runs: rows, regimes: summarizeRegimes(rows) };
}
