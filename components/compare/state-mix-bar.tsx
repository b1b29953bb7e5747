import { STATE_COLORS, STATE_LABELS } from "@/components/ui/palette";
import { STRUCTURAL_STATES } from "@/lib/domain/classifier/types";
import type { StateMix } from "@/lib/domain/compare/compare-table";

/** A run's final structural-state mix as one stacked bar, each state's share written out for screen readers and hover. */
export function StateMixBar({ mix }: { mix: StateMix | null }) {
  if (!mix) return <span className="text-zinc-500">—</span>;
  const text = STRUCTURAL_STATES.map((s) => `${STATE_LABELS[s]} ${(mix[s] * 100).toFixed(1)}%`).join(", ");
  return (
    <div data-field="stateMix" title={`${text} (${mix.turns} turns over ${mix.steps} steps)`} className="w-40">
      <div aria-hidden className="flex h-3 overflow-hidden rounded-sm">
        {STRUCTURAL_STATES.map((s) => (
          <span key={s} style={{ width: `${mix[s] * 100}%`, backgroundColor: STATE_COLORS[s] }} />
        ))}
      </div>
      <span className="sr-only">{text}</span>
      <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
        {(mix.healthy_tool_call * 100).toFixed(0)}% calls · {(mix.full_collapse * 100).toFixed(0)}% collapsed
      </span>
    </div>
  );
}
