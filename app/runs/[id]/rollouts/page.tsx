import { notFound } from "next/navigation";
import { RolloutBrowser } from "@/components/rollouts/rollout-browser";
import { RolloutBrowserQuery } from "@/lib/domain/query/page-queries";
import { parsePageQuery, type SearchParams } from "@/lib/domain/query/parse-page-query";
import { db } from "@/lib/server/context";
import { browseRollouts } from "@/lib/server/rollouts/browse-rollouts";

export const dynamic = "force-dynamic";

type RolloutsPageProps = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

// `/runs/:id/rollouts?step=&split=&state=&failure=&cursor=&rollout=`: filter rollouts, read one transcript.
export default async function RolloutsPage({ params, searchParams }: RolloutsPageProps) {
  const { id } = await params;
  const query = parsePageQuery(RolloutBrowserQuery, await searchParams);
  const data = await browseRollouts(db(), id, query.values);
  if (!data) notFound();
  return <RolloutBrowser data={data} params={query.values} ignored={query.ignored} />;
}
