import Link from "next/link";
import { DemoBadge } from "@/components/ui/badge";
import { formatPercent, formatScore } from "@/components/ui/format";
import { RegimeBadge } from "@/components/ui/regime-badge";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import {
  UNLABELLED_REGIME,
  type CompareRow,
  type RegimeSummary,
  type Spread,
} from "@/lib/domain/compare/compare-table";
import { EVAL_KINDS, type EvalKind } from "@/lib/domain/ingest/schemas";
import { StateMixBar } from "./state-mix-bar";

const EVAL_LABELS: Record<EvalKind, string> = {
  in_distribution: "in-dist.",
  format_ood: "format OOD",
  content_ood: "content OOD",
};
const SPIKE_SOURCES = { checkpoint_replay: "replay", logged_probe: "logged probe" } as const;

type Format = (value: number | null | undefined) => string;
const formatStep: Format = (v) => (v === null || v === undefined ? "—" : String(Math.round(v)));

/** A number cell: the formatted value shown, the exact value in data-value for anyone who checks. */
function NumberCell({ field, value, format }: { field: string; value: number | null | undefined; format: Format }) {
  return (
    <Td data-field={field} data-value={value ?? ""} className="text-right font-mono tabular-nums">
      {format(value)}
    </Td>
  );
}

function SpreadCell({ field, spread, format }: { field: string; spread: Spread; format: Format }) {
  return (
    <Td
      data-field={field}
      data-value={spread.mean ?? ""}
      className="text-right font-mono tabular-nums"
      title={`over ${spread.n} run(s)`}
    >
      {format(spread.mean)}
      {spread.sd !== null ? <span className="text-zinc-500"> ± {format(spread.sd)}</span> : null}
    </Td>
  );
}

/** Mean share of broken turns (text pollution plus full collapse) over the regime's runs. */
function brokenMean(summary: RegimeSummary): number | null {
  const { text_pollution: polluted, full_collapse: collapsed } = summary.stateMix;
  return polluted.mean === null || collapsed.mean === null ? null : polluted.mean + collapsed.mean;
}

/** Per run, then per regime (mean ± sample sd over its runs): the numbers that say who collapsed, when, and what moved first. */
export function CompareTable({ runs, regimes }: { runs: CompareRow[]; regimes: RegimeSummary[] }) {
  return (
    <Table data-testid="compare-table" className="sticky-first-column">
      <thead>
        <tr>
          <Th>Run</Th>
          <Th className="text-right">Collapse onset (step)</Th>
          <Th className="text-right">Min healthy tool calls</Th>
          <Th className="text-right">Best score</Th>
          <Th className="text-right">Final score</Th>
          <Th className="text-right">Max drawdown</Th>
          {EVAL_KINDS.map((k) => (
            <Th key={k} className="text-right">
              Eval {EVAL_LABELS[k]}
            </Th>
          ))}
          <Th className="text-right">First spike (step)</Th>
          <Th className="text-right">Spike lead (steps)</Th>
          <Th>Final state mix</Th>
        </tr>
      </thead>
      {regimes.map((summary) => (
        <tbody key={summary.regime} className="border-t-2 border-zinc-200 dark:border-zinc-800">
          {runs
            .filter((r) => (r.regime ?? UNLABELLED_REGIME) === summary.regime)
            .map((row) => (
              <Tr key={row.id} data-testid={`compare-row-${row.id}`}>
                <Td className="min-w-48">
                  <div className="flex items-center gap-1.5">
                    <Link
                      href={`/runs/${encodeURIComponent(row.id)}`}
                      className="break-words text-blue-700 hover:underline dark:text-blue-400"
                    >
                      {row.name}
                    </Link>
                    {row.isDemo ? <DemoBadge /> : null}
                  </div>
                  <RegimeBadge regime={row.regime} />
                </Td>
                <Td
                  data-field="collapseOnsetStep"
                  data-value={row.collapseOnsetStep ?? ""}
                  className="text-right font-mono tabular-nums"
                >
                  {row.collapseStatus === "collapsed" ? (
                    row.collapseOnsetStep
                  ) : row.collapseStatus === "stable" ? (
                    "none"
                  ) : (
                    <span title="fewer than 10 training steps with 8+ turns: not judged">n/a</span>
                  )}
                </Td>
                <NumberCell field="minHealthyToolCallRate" value={row.minHealthyToolCallRate} format={formatPercent} />
                <NumberCell field="bestScore" value={row.bestScore} format={formatScore} />
                <NumberCell field="finalScore" value={row.finalScore} format={formatScore} />
                <NumberCell field="maxDrawdown" value={row.maxDrawdown} format={formatScore} />
                {EVAL_KINDS.map((k) => (
                  <NumberCell key={k} field={`evalScores.${k}`} value={row.evalScores[k]} format={formatScore} />
                ))}
                <Td
                  data-field="firstSpikeStep"
                  data-value={row.firstSpikeStep ?? ""}
                  className="text-right font-mono tabular-nums"
                  title={row.firstSpikeToken ?? undefined}
                >
                  {formatStep(row.firstSpikeStep)}
                  {row.firstSpikeSource ? (
                    <span className="block text-xs text-zinc-500">
                      {SPIKE_SOURCES[row.firstSpikeSource]} {row.firstSpikeToken}
                    </span>
                  ) : null}
                </Td>
                <NumberCell field="spikeLeadSteps" value={row.spikeLeadSteps} format={formatStep} />
                <Td>
                  <StateMixBar mix={row.stateMix} />
                </Td>
              </Tr>
            ))}
          <Tr data-testid={`compare-regime-${summary.regime}`} className="bg-zinc-50 font-medium dark:bg-zinc-900/60">
            <Td className="min-w-48">
              <div className="flex flex-wrap items-center gap-1.5">
                <RegimeBadge regime={summary.regime} />
                <span>
                  mean of {summary.runs} run{summary.runs === 1 ? "" : "s"}
                  {summary.judged
                    ? `, ${summary.collapsed} of ${summary.judged} collapsed`
                    : ", not judged (no training steps)"}
                </span>
              </div>
            </Td>
            <SpreadCell field="collapseOnsetStep" spread={summary.collapseOnsetStep} format={formatStep} />
            <SpreadCell field="minHealthyToolCallRate" spread={summary.minHealthyToolCallRate} format={formatPercent} />
            <SpreadCell field="bestScore" spread={summary.bestScore} format={formatScore} />
            <SpreadCell field="finalScore" spread={summary.finalScore} format={formatScore} />
            <SpreadCell field="maxDrawdown" spread={summary.maxDrawdown} format={formatScore} />
            {EVAL_KINDS.map((k) => (
              <SpreadCell key={k} field={`evalScores.${k}`} spread={summary.evalScores[k]} format={formatScore} />
            ))}
            <SpreadCell field="firstSpikeStep" spread={summary.firstSpikeStep} format={formatStep} />
            <SpreadCell field="spikeLeadSteps" spread={summary.spikeLeadSteps} format={formatStep} />
            <Td className="text-xs text-zinc-600 dark:text-zinc-400">
              {formatPercent(summary.stateMix.healthy_tool_call.mean)} calls · {formatPercent(brokenMean(summary))}{" "}
              broken
            </Td>
          </Tr>
        </tbody>
      ))}
    </Table>
  );
}
