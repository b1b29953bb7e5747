import { RunsOverview } from "@/components/runs/runs-overview";
import { RunsPageQuery } from "@/lib/domain/query/page-queries";
import { parsePageQuery, type SearchParams } from "@/lib/domain/query/parse-page-query";
import { db } from "@/lib/server/context";
import { listRunSummaries } from "@/lib/server/runs/list-run-summaries";

export const dynamic = "force-dynamic";

// `/?regime=&model=&status=`: every run with its health sparkline, latest score and newest alert.
export default async function RunsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { values: filter, ignored } = parsePageQuery(RunsPageQuery, await searchParams);
  const list = await listRunSummaries(db(), filter);
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Runs</h1>
      <RunsOverview list={list} filter={filter} ignored={ignored} />
    </>
  );
}
