import type { StructuralState } from "@/lib/domain/classifier/types";
import { STATE_COLORS, STATE_LABELS } from "./palette";

/**
 * A structural state as a labelled chip. The state colour is used for the dot and border only;
 * the text stays in the body colour so it keeps its contrast on light and dark backgrounds.
 */
export function StateBadge({ state }: { state: StructuralState }) {
  const color = STATE_COLORS[state];
  return (
    <span
      className="inline-flex items-center gap-1.5 whitespace-nowrap rounded border px-1.5 py-0.5 text-xs font-medium"
      style={{ borderColor: color }}
    >
      <span aria-hidden className="inline-block size-2 rounded-full" style={{ backgroundColor: color }} />
      {STATE_LABELS[state]}
    </span>
  );
}

/** Failure kinds as compact monospace labels, e.g. "bare_tag · empty_turn". */
export function FailureKinds({ kinds }: { kinds: readonly string[] }) {
  if (kinds.length === 0) return null;
  return <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{kinds.join(" · ")}</span>;
}
