import { notFound } from "next/navigation";
import { CheckpointsView } from "@/components/checkpoints/checkpoints-view";
import { DemoCheckpointsNotice } from "@/components/checkpoints/demo-checkpoints-notice";
import { DemoBadge } from "@/components/ui/badge";
import { CheckpointsPageQuery } from "@/lib/domain/charts/checkpoint-links";
import { parsePageQuery, type SearchParams } from "@/lib/domain/query/parse-page-query";
import { getCheckpointsPage } from "@/lib/server/checkpoints/get-checkpoints-page";
import { db } from "@/lib/server/context";

export const dynamic = "force-dynamic";

type CheckpointsPageProps = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

// `/runs/:id/checkpoints?probe=`: upload checkpoints, follow their replay, the decision-point chart and spike alerts.
export default async function CheckpointsPage({ params, searchParams }: CheckpointsPageProps) {
  const { id } = await params;
  const query = parsePageQuery(CheckpointsPageQuery, await searchParams);
  const page = await getCheckpointsPage(db(), id, query.values.probe);
  if (!page) notFound();
  const { run, ...initial } = page;

  return (
    <div data-testid="checkpoints-page" className="space-y-6">
      <nav className="text-sm">
        <a
          href={`/runs/${encodeURIComponent(id)}`}
          className="text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400"
        >
          ← {run.name}
        </a>
      </nav>
      <header>
        <h1 className="flex items-center gap-2 text-xl font-semibold tracking-tight">
          Checkpoints {run.isDemo ? <DemoBadge /> : null}
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Each uploaded checkpoint is replayed over the run&apos;s probes; control-token probabilities that jump against
          earlier checkpoints raise spike alerts.
        </p>
        {run.isDemo ? <DemoCheckpointsNotice /> : null}
      </header>
      <CheckpointsView runId={id} initial={initial} />
    </div>
  );
}
