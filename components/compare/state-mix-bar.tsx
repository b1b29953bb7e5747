import { StateSharesBar } from "@/components/ui/state-shares-bar";
import type { StateMix } from "@/lib/domain/compare/compare-table";

/** A run's final structural-state mix as one stacked bar. */
export function StateMixBar({ mix }: { mix: StateMix | null }) {
  if (!mix) return <span className="text-zinc-500">—</span>;
  return <StateSharesBar shares={mix} note={`${mix.turns} turns over ${mix.steps} steps`} className="w-28" />;
}
