import { notFound } from "next/navigation";
import { CheckpointStatusBadge } from "@/components/checkpoints/checkpoint-status-badge";
import { TokenView } from "@/components/checkpoints/token-view";
import { TokenViewPicker } from "@/components/checkpoints/token-view-picker";
import { checkpointsHref, TokenViewQuery } from "@/lib/domain/charts/checkpoint-links";
import { parsePageQuery, type SearchParams } from "@/lib/domain/query/parse-page-query";
import { listCheckpoints } from "@/lib/server/checkpoints/list-checkpoints";
import { db } from "@/lib/server/context";
import { AppError } from "@/lib/server/errors";
import { listProbes } from "@/lib/server/probes/list-probes";
import { getRun } from "@/lib/server/runs/get-run";
import { getTrace } from "@/lib/server/traces/get-trace";

export const dynamic = "force-dynamic";

type TokenViewPageProps = { params: Promise<{ id: string; checkpointId: string }>; searchParams: Promise<SearchParams> };

// `/runs/:id/checkpoints/:checkpointId?probe=&token=`: one probe's tokens on one checkpoint, coloured by a control token's probability.
export default async function TokenViewPage({ params, searchParams }: TokenViewPageProps) {
  const { id, checkpointId } = await params;
  const { values } = parsePageQuery(TokenViewQuery, await searchParams);
  const run = await getRun(db(), id);
  if (!run) notFound();
  const [checkpoints, probes] = await Promise.all([listCheckpoints(db(), id), listProbes(db(), id)]);
  const checkpoint = checkpoints.find((c) => c.id === checkpointId);
  if (!checkpoint) notFound();
  const probe = probes.find((p) => p.name === values.probe)?.name ?? probes[0]?.name ?? null;
  const trace = probe ? await getTrace(db(), checkpointId, probe).catch(nullWhenNotFound) : null;

  return (
    <div data-testid="token-view-page" className="space-y-5">
      <nav className="text-sm">
        <a href={checkpointsHref(id, probe ?? undefined)} className="text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400">← {run.name}: checkpoints</a>
      </nav>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight">Token view · step {checkpoint.step}</h1>
        <CheckpointStatusBadge status={checkpoint.status} />
        {probe ? <code className="break-all text-sm text-zinc-600 dark:text-zinc-400">{probe}</code> : null}
      </header>
      <TokenViewPicker runId={id} checkpoints={checkpoints} checkpointId={checkpointId} probes={probes.map((p) => p.name)} probe={probe} token={values.token} />
      {trace && probe ? (
        <TokenView key={`${checkpointId}:${probe}`} runId={id} checkpointId={checkpointId} probe={probe} trace={trace} initialToken={values.token} />
      ) : (
        <p className="rounded-lg border border-zinc-200 p-6 text-center text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          {checkpoint.status === "failed" ? `The replay failed: ${checkpoint.error ?? "no message"}` : probe ? `No trace of this probe on step ${checkpoint.step} yet (status: ${checkpoint.status}).` : "This run has no probes yet."}
        </p>
      )}
    </div>
  );
}

function nullWhenNotFound(error: unknown): null {
  if (error instanceof AppError && error.code === "NOT_FOUND") return null;
  throw error;
}
