import Link from "next/link";
import { FailureKinds, StateBadge } from "@/components/ui/state-badge";
import { formatScore } from "@/components/ui/format";
import { hrefWithQuery } from "@/lib/domain/query/href-with-query";
import type { RolloutBrowserParams } from "@/lib/domain/query/page-queries";
import type { RolloutPage } from "@/lib/server/rollouts/list-rollouts";

type RolloutListProps = {
  basePath: string;
  params: RolloutBrowserParams;
  page: RolloutPage;
  selectedId: number | null;
};

/** The filtered page of rollouts; each links to itself with the filters kept. Pages by cursor. */
export function RolloutList({ basePath, params, page, selectedId }: RolloutListProps) {
  const filters = { step: params.step, split: params.split, state: params.state, failure: params.failure };
  if (page.rollouts.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No rollouts match these filters.</p>;
  }
  return (
    <nav aria-label="Rollouts">
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {page.rollouts.map((rollout) => (
          <li key={rollout.id} data-testid="rollout-item">
            <Link
              href={hrefWithQuery(basePath, { ...filters, cursor: params.cursor, rollout: rollout.id })}
              aria-current={rollout.id === selectedId ? "true" : undefined}
              className="block space-y-1 rounded px-2 py-2 hover:bg-zinc-50 aria-[current=true]:bg-blue-50 aria-[current=true]:ring-1 aria-[current=true]:ring-blue-300 dark:hover:bg-zinc-800/60 dark:aria-[current=true]:bg-blue-950/60 dark:aria-[current=true]:ring-blue-800"
            >
              <div className="flex items-center justify-between gap-2 text-sm">
                <span className="truncate font-mono">
                  step {rollout.step} · {rollout.sampleId}
                </span>
                <span className="shrink-0 font-mono text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                  reward {formatScore(rollout.reward)}
                </span>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                {rollout.worstState ? (
                  <StateBadge state={rollout.worstState} />
                ) : (
                  <span className="text-xs text-zinc-500">no assistant turns</span>
                )}
                <span className="text-xs text-zinc-500 dark:text-zinc-400">{rollout.split}</span>
                {rollout.isOffPolicy ? (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">off-policy</span>
                ) : null}
              </div>
              <FailureKinds kinds={rollout.failures} />
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex gap-4 text-sm">
        {params.cursor !== undefined ? (
          <Link className="underline underline-offset-2" href={hrefWithQuery(basePath, filters)}>
            First page
          </Link>
        ) : null}
        {page.nextCursor !== null ? (
          <Link
            className="underline underline-offset-2"
            href={hrefWithQuery(basePath, { ...filters, cursor: page.nextCursor })}
          >
            Next page
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
