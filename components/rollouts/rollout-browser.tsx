import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DemoBadge } from "@/components/ui/badge";
import type { RolloutBrowserParams } from "@/lib/domain/query/page-queries";
import type { RolloutBrowserData } from "@/lib/server/rollouts/browse-rollouts";
import { RolloutFilterForm } from "./rollout-filter-form";
import { RolloutList } from "./rollout-list";
import { Transcript } from "./transcript";

type RolloutBrowserProps = { data: RolloutBrowserData; params: RolloutBrowserParams; ignored: string[] };

/** Filters on top, the page of rollouts on the left, the selected rollout's transcript on the right. */
export function RolloutBrowser({ data, params, ignored }: RolloutBrowserProps) {
  const { run, page, selected, missingRolloutId } = data;
  const runPath = `/runs/${encodeURIComponent(run.id)}`;
  const basePath = `${runPath}/rollouts`;
  return (
    <div data-testid="rollout-browser" className="space-y-4">
      <div>
        <Link href={runPath} className="text-sm text-blue-700 hover:underline dark:text-blue-400">
          ← Back to run
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-2 text-xl font-semibold">
          <span>Rollouts of {run.name}</span>
          {run.isDemo ? <DemoBadge /> : null}
        </h1>
      </div>
      <RolloutFilterForm basePath={basePath} values={params} />
      {ignored.length > 0 ? (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-300">
          Ignored an invalid value for: {ignored.join(", ")}.
        </p>
      ) : null}
      {missingRolloutId !== null ? (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-300">
          This run has no rollout {missingRolloutId}.
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
        <Card className="self-start lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto">
          <RolloutList basePath={basePath} params={params} page={page} selectedId={selected?.id ?? null} />
        </Card>
        {/* A rollout opened by link (a dialogue, an alert's example) comes first on a narrow screen, above the list. */}
        <Card className={params.rollout !== undefined && selected ? "max-lg:order-first" : ""}>
          {selected ? (
            <Transcript rollout={selected} />
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Select a rollout to read its transcript.</p>
          )}
        </Card>
      </div>
    </div>
  );
}
