import { notFound } from "next/navigation";
import { EvaluationView } from "@/components/evaluation/evaluation-view";
import { RunHeader } from "@/components/run/run-header";
import { RunTimelineView } from "@/components/run/run-timeline-view";
import { parseRunPageParams } from "@/lib/domain/charts/timeline-query";
import { db } from "@/lib/server/context";
import { getRunPage } from "@/lib/server/runs/get-run-page";

export const dynamic = "force-dynamic";

type RunPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// /runs/:id?split=train|val|eval&from=&to=&keys=a,b - the run's timeline, alerts and configuration;
// an evaluation-only run shows its dialogues by turn position instead.
export default async function RunPage({ params, searchParams }: RunPageProps) {
  const { id } = await params;
  const page = await getRunPage(db(), id, parseRunPageParams(await searchParams));
  if (!page) notFound();
  const run = page.kind === "evaluation" ? page.run : page.timeline.run;

  return (
    <div data-testid="run-page" className="space-y-6">
      <nav className="text-sm">
        <a href="/" className="text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400">
          ← All runs
        </a>
      </nav>
      <RunHeader run={run} isEvaluation={page.kind === "evaluation"} />
      {page.kind === "evaluation" ? (
        <EvaluationView runId={run.id} evaluation={page.evaluation} />
      ) : (
        <RunTimelineView
          key={[
            page.timeline.split,
            page.timeline.range.fromStep,
            page.timeline.range.toStep,
            ...page.timeline.metrics.map((m) => m.key),
          ].join(":")}
          initial={page.timeline}
        />
      )}
    </div>
  );
}
