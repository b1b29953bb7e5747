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
