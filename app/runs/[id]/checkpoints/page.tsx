import { notFound } from "next/navigation";
import { CheckpointsView } from "@/components/checkpoints/checkpoints-view";
import { CheckpointsPageQuery } from "@/lib/domain/charts/checkpoint-links";
import { parsePageQuery, type SearchParams } from "@/lib/domain/query/parse-page-query";
import { listAlerts } from "@/lib/server/alerts/list-alerts";
import { listCheckpoints } from "@/lib/server/checkpoints/list-checkpoints";
import { db } from "@/lib/server/context";
import { listProbes } from "@/lib/server/probes/list-probes";
import { getRun } from "@/lib/server/runs/get-run";
import { getDecisionSeries } from "@/lib/server/traces/get-decision-series";

export const dynamic = "force-dynamic";

type CheckpointsPageProps = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

// `/runs/:id/checkpoints?probe=`: upload checkpoints, follow their replay, the decision-point chart and spike alerts.
export default async function CheckpointsPage({ params, searchParams }: CheckpointsPageProps) {
  const { id } = await params;
  const query = parsePageQuery(CheckpointsPageQuery, await searchParams);
  const run = await getRun(db(), id);
  if (!run) notFound();
  const [checkpoints, probes, alerts] = await Promise.all([listCheckpoints(db(), id), listProbes(db(), id), listAlerts(db(), id, { kind: "control_token_spike" })]);
  const probe = probes.find((p) => p.name === query.values.probe)?.name ?? probes[0]?.name ?? null;
  const series = probe ? await getDecisionSeries(db(), id, probe) : [];

  return (
    <div data-testid="checkpoints-page" className="space-y-6">
      <nav className="text-sm">
        <a href={`/runs/${encodeURIComponent(id)}`} className="text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400">← {run.name}</a>
      </nav>
      <header>
        <h1 className="text-xl font-semibold tracking-tight">Checkpoints</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Each uploaded checkpoint is replayed over the run&apos;s probes; control-token probabilities that jump against earlier checkpoints raise spike alerts.
        </p>
      </header>
      <CheckpointsView runId={id} initial={{ checkpoints, probes: probes.map((p) => p.name), probe, series, alerts }} />
    </div>
  );
}
