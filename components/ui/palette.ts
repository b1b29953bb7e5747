import type { StructuralState } from "@/lib/domain/classifier/types";

/** One colour per structural state, shared by badges and charts; readable on light and dark backgrounds. */
export const STATE_COLORS: Record<StructuralState, string> = {
  healthy_tool_call: "#16a34a",
  healthy_response: "#2563eb",
  text_pollution: "#d97706",
  full_collapse: "#dc2626",
};

export const STATE_LABELS: Record<StructuralState, string> = {
  healthy_tool_call: "healthy tool call",
  healthy_response: "healthy response",
  text_pollution: "text pollution",
  full_collapse: "full collapse",
};

/**
 * One colour per supervisory regime (domain.md §5), the same on every page: runs list, run header,
 * compare charts and tables. Chosen apart from the state colours so a regime line is not read as a state.
 */
export const REGIME_COLORS: Record<string, string> = {
  base: "#71717a",
  sft: "#0891b2",
  sft_then_rl: "#a16207",
  vanilla_rl: "#e11d48",
  ops: "#4f46e5",
  hbg: "#c026d3",
  ets: "#0d9488",
  prs: "#65a30d",
};

const OTHER_REGIME_COLOR = "#94a3b8";

export function regimeColor(regime: string | null | undefined): string {
  return (regime && REGIME_COLORS[regime]) || OTHER_REGIME_COLOR;
}
