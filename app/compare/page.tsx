import { CompareView } from "@/components/compare/compare-view";
import { CompareQuerySchema, type CompareSelection } from "@/lib/domain/compare/compare-query";
import type { SearchParams } from "@/lib/domain/query/parse-page-query";
import { getComparePage } from "@/lib/server/compare/get-compare-page";
import { db } from "@/lib/server/context";
import { AppError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

// `/compare?runs=id1,id2&regimes=vanilla_rl,ets&demo=include|only|exclude`: regimes side by side.
export default async function ComparePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = CompareQuerySchema.safeParse(params);
  const selection: CompareSelection | null = parsed.success ? parsed.data : null;
  const hasQuery = Boolean(params.runs || params.regimes);
  let problem = hasQuery && !parsed.success ? parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : null;
  let page;
  try {
    page = await getComparePage(db(), selection);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
    page = await getComparePage(db(), null);
  }
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Compare supervisory regimes</h1>
      {problem ? (
        <p role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          {problem}
        </p>
      ) : null}
      <CompareView page={page} selection={problem ? null : selection} />
    </>
  );
}
