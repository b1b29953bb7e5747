import type { StructuralState } from "@/lib/domain/classifier/types";
import { STRUCTURAL_STATES } from "@/lib/domain/classifier/types";
import { STATE_COLORS, STATE_LABELS } from "./palette";

/** Each state's share as one stacked bar; the shares are written out for screen readers and on hover. */
export function StateSharesBar({
  shares,
  note,
  className = "w-40",
}: {
  shares: Record<StructuralState, number>;
  note: string;
  className?: string;
}) {
  const text = STRUCTURAL_STATES.map((s) => `${STATE_LABELS[s]} ${(shares[s] * 100).toFixed(1)}%`).join(", ");
  return (
    <div data-field="stateMix" title={`${text} (${note})`} className={className}>
      <div aria-hidden className="flex h-3 overflow-hidden rounded-sm bg-zinc-100 dark:bg-zinc-800">
        {STRUCTURAL_STATES.map((s) => (
          <span key={s} style={{ width: `${shares[s] * 100}%`, backgroundColor: STATE_COLORS[s] }} />
        ))}
      </div>
      <span className="sr-only">{text}</span>
      <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
        {(shares.healthy_tool_call * 100).toFixed(0)}% calls ·{" "}
        {((shares.text_pollution + shares.full_collapse) * 100).toFixed(0)}% broken
      </span>
    </div>
  );
}

/** The four state colours with their names, for a group of state bars. */
export function StateLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="State colours">
      {STRUCTURAL_STATES.map((s) => (
        <li key={s} className="inline-flex items-center gap-1.5">
          <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: STATE_COLORS[s] }} />
          {STATE_LABELS[s]}
        </li>
      ))}
    </ul>
  );
}
