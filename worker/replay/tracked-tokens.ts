/** Control tokens traced by default (domain.md §2-3); a run's config may set `trackedTokens` instead. */
export const DEFAULT_TRACKED_TOKENS = [
  "<tool_call>",
  "</tool_call>",
  "<|im_end|>",
  "<|im_start|>",
  "<|endoftext|>",
  '{"',
] as const;

/** The three probabilities of the paper's decision-point probe, always traced. */
export const DECISION_POINT_TOKENS = ['{"', "<|im_end|>", "<tool_call>"] as const;

/** Probes are cut to this many tokens: enough for several tool-use turns, bounded memory per pass. */
export const MAX_PROBE_TOKENS = 2_048;

/** The run's tracked tokens: its config's `trackedTokens` (strings) when given, plus the probe's three. */
export function trackedTokensOf(config: Record<string, unknown>): string[] {
  const configured = Array.isArray(config.trackedTokens)
    ? config.trackedTokens.filter((t): t is string => typeof t === "string" && t.length > 0)
    : [];
  const base = configured.length > 0 ? configured : [...DEFAULT_TRACKED_TOKENS];
  return [...new Set([...base, ...DECISION_POINT_TOKENS])];
}
