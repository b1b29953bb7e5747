import { formatProbability } from "./format-probability";

/** The parts of a trace (GET /api/checkpoints/:id/traces) the token view needs. */
export type HeatTraceInput = {
  tokens: readonly {
    id: number;
    text: string;
    pNext: number | null;
    entropy: number;
    control: Readonly<Record<string, number>>;
    top: readonly { id: number; text: string; p: number }[];
  }[];
  decisionPoints: readonly { position: number }[];
};

export type HeatToken = {
  position: number;
  id: number;
  /** the token's text split at newlines: draw "↵" and a line break between the pieces */
  lines: string[];
  /** the text on one line with whitespace made visible (tooltips) */
  label: string;
  /** P(next token = the chosen control token), read from this position's entry */
  p: number | null;
  /** 0 = no colour (below the scale or missing), 1..HEAT_BINS from faint to strong */
  bin: number;
  pLabel: string;
  pNextLabel: string;
  /** the actual next token's text, for "P(next = …)"; null at the last position */
  nextText: string | null;
  entropyLabel: string;
  top: { text: string; pLabel: string }[];
  isDecisionPoint: boolean;
};

export type TokenHeatModel = {
  controlTokens: string[];
  token: string;
  /** the requested control token when the trace does not track it (the view then shows `token`) */
  unknownToken: string | null;
  tokens: HeatToken[];
  legend: { bin: number; label: string }[];
  /** the strongest position for the chosen token where it is not the actual next token (an expected end is no news) */
  peak: { position: number; pLabel: string } | null;
};

/** Two bins per decade from 1e-4 to 1. */
export const HEAT_MIN_LOG10 = -4;
export const HEAT_BINS_PER_DECADE = 2;
export const HEAT_BINS = -HEAT_MIN_LOG10 * HEAT_BINS_PER_DECADE;
const DEFAULT_TOKEN = "<|im_end|>";
const LEGEND_LABELS = ["1e-4", "3e-4", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3"];

/** The colour bin of a probability on the log scale; non-finite or below 1e-4 is bin 0 (uncoloured). */
export function heatBin(p: number | null): number {
  if (p === null || !Number.isFinite(p) || p <= 0) return 0;
  const log = Math.log10(p);
  if (log < HEAT_MIN_LOG10) return 0;
  return Math.min(HEAT_BINS, Math.floor((log - HEAT_MIN_LOG10) * HEAT_BINS_PER_DECADE) + 1);
}

/**
 * Colours a probe's tokens by a control token's probability at the next position: token i gets
 * `tokens[i].control[token]`, the model's P(token i+1 = control token) after reading 0..i (the trace
 * convention). The control token defaults to `<|im_end|>`, else the first tracked one.
 */
export function prepareTokenHeat(trace: HeatTraceInput, requested?: string): TokenHeatModel {
  const controlTokens = Object.keys(trace.tokens[0]?.control ?? {});
  const fallback = controlTokens.includes(DEFAULT_TOKEN) ? DEFAULT_TOKEN : (controlTokens[0] ?? DEFAULT_TOKEN);
  const token = requested && controlTokens.includes(requested) ? requested : fallback;
  const decision = new Set(trace.decisionPoints.map((d) => d.position));
  let peak: { position: number; p: number } | null = null;

  const tokens = trace.tokens.map((t, position): HeatToken => {
    const raw = t.control[token];
    const p = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    const next = trace.tokens[position + 1];
    if (p !== null && next?.text !== token && (peak === null || p > peak.p)) peak = { position, p };
    return {
      position,
      id: t.id,
      lines: t.text === "" ? ["∅"] : t.text.split("\n"),
      label: showText(t.text),
      p,
      bin: heatBin(p),
      pLabel: formatProbability(p),
      pNextLabel: formatProbability(t.pNext),
      nextText: next ? showText(next.text) : null,
      entropyLabel: Number.isFinite(t.entropy) ? `${t.entropy.toFixed(3)} nats` : "—",
      top: t.top.slice(0, 5).map((alt) => ({ text: showText(alt.text), pLabel: formatProbability(alt.p) })),
      isDecisionPoint: decision.has(position),
    };
  });

  const strongest = peak as { position: number; p: number } | null;
  return {
    controlTokens,
    token,
    unknownToken: requested && !controlTokens.includes(requested) ? requested : null,
    tokens,
    legend: LEGEND_LABELS.map((label, i) => ({ bin: i + 1, label })),
    peak: strongest ? { position: strongest.position, pLabel: formatProbability(strongest.p) } : null,
  };
}

/** One-line text with its whitespace visible: ↵ for newlines, ⇥ for tabs, ␣ for spaces in an all-space token, ∅ for none. */
export function showText(text: string): string {
  if (text === "") return "∅";
  const shown = text.replace(/\n/g, "↵").replace(/\t/g, "⇥");
  return shown.trim() === "" ? shown.replace(/ /g, "␣") : shown;
}
