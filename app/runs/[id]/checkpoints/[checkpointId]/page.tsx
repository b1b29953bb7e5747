import { notFound } from "next/navigation";
import { CheckpointStatusBadge } from "@/components/checkpoints/checkpoint-status-badge";
import { TokenView } from "@/components/checkpoints/token-view";
import { TokenViewPicker } from "@/components/checkpoints/token-view-picker";
import { DemoCheckpointsNotice } from "@/components/checkpoints/demo-checkpoints-notice";
import { DemoBadge } from "@/components/ui/badge";
import { checkpointsHref, TokenViewQuery } from "@/lib/domain/charts/checkpoint-links";
import { parsePageQuery, type SearchParams } from "@/lib/domain/query/parse-page-query";
import { db } from "@/lib/server/context";
import { getTokenViewPage } from "@/lib/server/traces/get-token-view-page";

export const dynamic = "force-dynamic";

type TokenViewPageProps = {
  params: Promise<{ id: string; checkpointId: string }>;
  searchParams: Promise<SearchParams>;
};

// `/runs/:id/checkpoints/:checkpointId?probe=&token=`: one probe's tokens on one checkpoint, coloured by a control token's probability.
export default async function TokenViewPage({ params, searchParams }: TokenViewPageProps) {
  const { id, checkpointId } = await params;
  const { values } = parsePageQuery(TokenViewQuery, await searchParams);
  const page = await getTokenViewPage(db(), id, checkpointId, values.probe);
  if (!page) notFound();
  const { run, checkpoints, checkpoint, probes, probe, trace } = page;

  return (
    <div data-testid="token-view-page" className="space-y-5">
      <nav className="text-sm">
        <a
          href={checkpointsHref(id, probe ?? undefined)}
          className="text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400"
        >
          ← {run.name}: checkpoints
        </a>
      </nav>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight">Token view · step {checkpoint.step}</h1>
        <CheckpointStatusBadge status={checkpoint.status} />
        {run.isDemo ? <DemoBadge /> : null}
        {probe ? <code className="break-all text-sm text-zinc-600 dark:text-zinc-400">{probe}</code> : null}
      </header>
      {run.isDemo ? <DemoCheckpointsNotice /> : null}
      <TokenViewPicker
        runId={id}
        checkpoints={checkpoints}
        checkpointId={checkpointId}
        probes={probes}
        probe={probe}
        token={values.token}
      />
      {trace && probe ? (
        <TokenView
          key={`${checkpointId}:${probe}`}
          runId={id}
          checkpointId={checkpointId}
          probe={probe}
          trace={trace}
          initialToken={values.token}
        />
      ) : (
        <p className="rounded-lg border border-zinc-200 p-6 text-center text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          {checkpoint.status === "failed"
            ? `The replay failed: ${checkpoint.error ?? "no message"}`
            : probe
              ? `No trace of this probe on step ${checkpoint.step} yet (status: ${checkpoint.status}).`
              : "This run has no probes yet."}
        </p>
      )}
    </div>
  );
}
