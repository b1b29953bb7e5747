import { notFound } from "next/navigation";
import { RunHeader } from "@/components/run/run-header";
import { RunTimelineView } from "@/components/run/run-timeline-view";
import { parseRunPageParams } from "@/lib/domain/charts/timeline-query";
import { db } from "@/lib/server/context";
import { getRunTimeline } from "@/lib/server/timeline/get-run-timeline";

export const dynamic = "force-dynamic";

type RunPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// /runs/:id?split=train|val|eval&from=&to=&keys=a,b - the run's timeline, alerts and configuration
export default async function RunPage({ params, searchParams }: RunPageProps) {
  const { id } = await params;
  const query = parseRunPageParams(await searchParams);
  const timeline = await getRunTimeline(db(), id, query);
  if (!timeline) notFound();

  return (
    <div data-testid="run-page" className="space-y-6">
      <nav className="text-sm">
        <a href="/" className="text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400">← All runs</a>
      </nav>
      <RunHeader run={timeline.run} />
      <RunTimelineView key={[timeline.split, timeline.range.fromStep, timeline.range.toStep, ...timeline.metrics.map((m) => m.key)].join(":")} initial={timeline} />
    </div>
  );
}
