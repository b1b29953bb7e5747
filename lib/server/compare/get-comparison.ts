import type { CompareSelection } from "@/lib/domain/compare/compare-query";
import { compareRow, summarizeRegimes, type CompareRow, type RegimeSummary } from "@/lib/domain/compare/compare-table";
import type { Db } from "../db";
import { compareFacts } from "./compare-facts";
import { readCompareData, type CompareData } from "./read-compare-data";
import { selectCompareRuns } from "./select-compare-runs";

export type Comparison = { runs: CompareRow[]; regimes: RegimeSummary[] };

/** The comparison table of the selected runs: one row per run and one summary (mean, spread, survival) per regime. */
export async function getComparison(db: Db, selection: CompareSelection): Promise<Comparison> {
  return comparisonOf(await readCompareData(db, await selectCompareRuns(db, selection)));
}

export function comparisonOf(data: CompareData): Comparison {
  const rows = compareFacts(data).map(compareRow);
  return { runs: rows, regimes: summarizeRegimes(rows) };
}
