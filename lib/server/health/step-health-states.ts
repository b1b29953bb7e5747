import type { StructuralState } from "@/lib/domain/classifier/types";

/** The StepHealth columns that hold the per-state turn counts. */
export type StateColumns = {
  healthyToolCall: unknown;
  healthyResponse: unknown;
  textPollution: unknown;
  fullCollapse: unknown;
};

/**
 * A StepHealth row's per-state turn counts as the domain names them. Number() because raw queries on
 * PostgreSQL may hand integer columns back as bigint.
 */
export function statesOf(row: StateColumns): Record<StructuralState, number> {
  return {
    healthy_tool_call: Number(row.healthyToolCall),
    healthy_response: Number(row.healthyResponse),
    text_pollution: Number(row.textPollution),
    full_collapse: Number(row.fullCollapse),
  };
}
