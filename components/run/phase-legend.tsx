import { ALERT_COLORS, PHASE_FILLS } from "@/components/charts/chart-colors";

/** Explains the shading and markers shared by every chart. */
export function PhaseLegend({ hasPhases }: { hasPhases: boolean }) {
  return (
    <ul
      className="flex flex-wrap items-center gap-4 text-xs text-zinc-600 dark:text-zinc-400"
      aria-label="Chart legend"
    >
      {hasPhases ? (
        <>
          <li className="flex items-center gap-1.5">
            <span
              aria-hidden
              className="inline-block h-3 w-5 rounded-sm"
              style={{ background: PHASE_FILLS.sft, opacity: 0.35 }}
            />{" "}
            SFT phase
          </li>
          <li className="flex items-center gap-1.5">
            <span
              aria-hidden
              className="inline-block h-3 w-5 rounded-sm"
              style={{ background: PHASE_FILLS.rl, opacity: 0.35 }}
            />{" "}
            RL phase
          </li>
        </>
      ) : (
        <li>No SFT/RL phases recorded for this run.</li>
      )}
      <li className="flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-3 w-0.5" style={{ background: ALERT_COLORS.critical }} /> alert
        (solid: critical, dashed: warning)
      </li>
      <li>Click a chart for that step&apos;s rollouts; drag across it to zoom.</li>
    </ul>
  );
}
