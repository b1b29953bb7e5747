import type { AlertSeverity } from "@/lib/domain/alerts/types";
import type { Phase } from "@/lib/domain/ingest/schemas";

/**
 * Chart colours besides the state palette (components/ui/palette.ts). Mid-tone hues that read on both
 * white and zinc-950; kept apart from the state colours so a failure line is not mistaken for a state.
 */
export const SERIES_COLORS = [
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#65a30d",
  "#ea580c",
  "#4f46e5",
  "#0d9488",
  "#a16207",
] as const;

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

export const SCORE_COLOR = "#0284c7";

/** Phase bands are faint fills; SFT and RL differ in hue so interleaved schedules read at a glance. */
export const PHASE_FILLS: Record<Phase["kind"], string> = { sft: "#a855f7", rl: "#0ea5e9" };
export const PHASE_FILL_OPACITY = 0.1;

export const ALERT_COLORS: Record<AlertSeverity, string> = { critical: "#c026d3", warning: "#c026d3" };
export const ALERT_DASH: Record<AlertSeverity, string | undefined> = { critical: undefined, warning: "4 3" };

export const SELECTION_FILL = "#71717a";
