import { formatScore } from "@/components/ui/format";
import type { RolloutRecord, RolloutTurnRecord } from "@/lib/server/rollouts/list-rollouts";
import { MessageView } from "./message-view";

/** A rollout's full transcript, assistant turns matched to their classification by message index. */
export function Transcript({ rollout }: { rollout: RolloutRecord }) {
  const turnAt = new Map<number, RolloutTurnRecord>(rollout.turns.map((t) => [t.messageIndex, t]));
  return (
    <article data-testid="transcript" aria-labelledby="transcript-heading" className="space-y-3">
      <header>
        <h2 id="transcript-heading" className="font-mono text-base font-semibold">
          step {rollout.step} · {rollout.sampleId}
        </h2>
        <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          <Fact term="split" value={rollout.evalKind ? `${rollout.split} (${rollout.evalKind})` : rollout.split} />
          <Fact term="reward" value={formatScore(rollout.reward)} />
          <Fact term="assistant turns" value={String(rollout.turns.length)} />
          <Fact term="format" value={rollout.format} />
          <Fact term="source" value={rollout.source} />
          {rollout.isOffPolicy ? <Fact term="off-policy" value="yes (not sampled from the policy)" /> : null}
        </dl>
      </header>
      {rollout.messages.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">This rollout has no messages.</p>
      ) : (
        <ol className="space-y-2">
          {rollout.messages.map((message, index) => (
            <MessageView
              key={index}
              message={message}
              turn={message.role === "assistant" ? turnAt.get(index) : undefined}
            />
          ))}
        </ol>
      )}
    </article>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div className="flex gap-1">
      <dt>{term}:</dt>
      <dd className="font-mono text-zinc-800 dark:text-zinc-200">{value}</dd>
    </div>
  );
}
