import type { TokenHeatModel } from "@/lib/domain/charts/prepare-token-heat";
import { DECISION_RING, HEAT_CLASSES } from "./heat-colors";

/** The colour scale (log, 1e-4 to 1) and what an outline means. */
export function HeatLegend({ model }: { model: TokenHeatModel }) {
  return (
    <div
      data-testid="heat-legend"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 text-xs text-zinc-600 dark:text-zinc-400"
    >
      <span>
        Colour: P(next token = <code className="font-mono text-zinc-900 dark:text-zinc-100">{model.token}</code>) after
        each token, log scale:
      </span>
      <ol className="flex items-stretch" aria-label="Colour scale">
        <li className="border border-zinc-300 px-1.5 py-0.5 dark:border-zinc-700">&lt; 1e-4</li>
        {model.legend.map((entry) => (
          <li key={entry.bin} className={`px-1.5 py-0.5 tabular-nums ${HEAT_CLASSES[entry.bin] ?? ""}`}>
            ≥ {entry.label}
          </li>
        ))}
      </ol>
      <span className="inline-flex items-center gap-1.5">
        <span aria-hidden className={`inline-block h-4 w-6 rounded-sm ${DECISION_RING}`} /> decision point
      </span>
    </div>
  );
}
