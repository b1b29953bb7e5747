import { CompareView } from "@/components/compare/compare-view";
import type { SearchParams } from "@/lib/domain/query/parse-page-query";
import { getComparePage } from "@/lib/server/compare/get-compare-page";
import { db } from "@/lib/server/context";

export const dynamic = "force-dynamic";

// `/compare?runs=id1,id2&regimes=vanilla_rl,ets&demo=include|only|exclude`: regimes side by side.
export default async function ComparePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const page = await getComparePage(db(), query);
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Compare supervisory regimes</h1>
      {page.problem ? (
        <p
          role="alert"
          data-testid="compare-problem"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {page.problem}
        </p>
      ) : null}
      <CompareView page={page} />
    </>
  );
}
