import { STRUCTURAL_STATES } from "../classifier/types";
import { EVAL_KINDS } from "../ingest/schemas";
import type { CompareRow, RegimeSummary, Spread } from "./compare-table";

type Column = {
  name: string;
  isNumeric: boolean;
  run: (r: CompareRow) => Cell;
  regime: (s: RegimeSummary) => Spread | Cell;
};
type Cell = string | number | null | undefined;

const numeric = (
  name: string,
  run: (r: CompareRow) => number | null | undefined,
  regime: (s: RegimeSummary) => Spread,
): Column => ({ name, isNumeric: true, run, regime });
const label = (
  name: string,
  run: (r: CompareRow) => Cell,
  regime: (s: RegimeSummary) => Cell = () => null,
): Column => ({ name, isNumeric: false, run, regime });

const COLUMNS: readonly Column[] = [
  label(
    "level",
    () => "run",
    () => "regime",
  ),
  label(
    "regime",
    (r) => r.regime,
    (s) => s.regime,
  ),
  label("scheme", (r) => r.scheme),
  label("name", (r) => r.name),
  label("id", (r) => r.id),
  label("demo", (r) => (r.isDemo ? "yes" : "no")),
  label(
    "runs",
    () => 1,
    (s) => s.runs,
  ),
  label(
    "collapse_status",
    (r) => r.collapseStatus,
    (s) => `${s.collapsed} of ${s.judged} collapsed`,
  ),
  numeric(
    "collapse_onset_step",
    (r) => r.collapseOnsetStep,
    (s) => s.collapseOnsetStep,
  ),
  numeric(
    "min_healthy_tool_call_rate",
    (r) => r.minHealthyToolCallRate,
    (s) => s.minHealthyToolCallRate,
  ),
  numeric(
    "best_score",
    (r) => r.bestScore,
    (s) => s.bestScore,
  ),
  numeric(
    "final_score",
    (r) => r.finalScore,
    (s) => s.finalScore,
  ),
  numeric(
    "max_drawdown",
    (r) => r.maxDrawdown,
    (s) => s.maxDrawdown,
  ),
  ...EVAL_KINDS.map((kind) =>
    numeric(
      `eval_${kind}`,
      (r) => r.evalScores[kind],
      (s) => s.evalScores[kind],
    ),
  ),
  numeric(
    "first_spike_step",
    (r) => r.firstSpikeStep,
    (s) => s.firstSpikeStep,
  ),
  label("first_spike_source", (r) => r.firstSpikeSource),
  label("first_spike_token", (r) => r.firstSpikeToken),
  numeric(
    "spike_lead_steps",
    (r) => r.spikeLeadSteps,
    (s) => s.spikeLeadSteps,
  ),
  ...STRUCTURAL_STATES.map((state) =>
    numeric(
      `mix_${state}`,
      (r) => r.stateMix?.[state],
      (s) => s.stateMix[state],
    ),
  ),
  label("mix_turns", (r) => r.stateMix?.turns),
];

/**
 * The comparison table as CSV: one line per run, then one per regime. Every numeric column has a
 * `_sd` partner holding the regime's standard deviation over seeds (empty on run lines); regime lines
 * hold means. Text cells that a spreadsheet would run as a formula are prefixed with a quote.
 */
export function compareCsv(runs: readonly CompareRow[], regimes: readonly RegimeSummary[]): string {
  const header = COLUMNS.flatMap((c) => (c.isNumeric ? [c.name, `${c.name}_sd`] : [c.name]));
  const runLines = runs.map((r) => COLUMNS.flatMap((c) => (c.isNumeric ? [c.run(r), null] : [c.run(r)])));
  const regimeLines = regimes.map((s) =>
    COLUMNS.flatMap((c) => {
      const value = c.regime(s);
      return isSpread(value) ? [value.mean, value.sd] : [value];
    }),
  );
  return [header, ...runLines, ...regimeLines].map((line) => line.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function isSpread(value: unknown): value is Spread {
  return typeof value === "object" && value !== null && "mean" in value;
}

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
