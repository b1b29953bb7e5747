import Link from "next/link";
import { DemoBadge, RunStatusBadge } from "@/components/ui/badge";
import { formatScore } from "@/components/ui/format";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { LatestScore, RunSummary } from "@/lib/server/runs/list-run-summaries";
import { NewestAlertCell } from "./newest-alert-cell";
import { RateSparkline } from "./sparkline";
import { RegimeBadge } from "@/components/ui/regime-badge";
import { StateSharesBar } from "@/components/ui/state-shares-bar";

const COLUMN_WIDTHS = ["22%", "9%", "9%", "8%", "6%", "17%", "13%", "16%"];

/** One row per run; the run name links to its run page. */
export function RunSummaryTable({ summaries, caption }: { summaries: readonly RunSummary[]; caption: string }) {
  return (
    // Fixed column widths, so the real-runs and demo-runs tables line up one above the other; on a
    // phone each run becomes a block of labelled cells.
    <Table className="stack-on-phone min-w-[64rem] table-fixed">
      <caption className="sr-only">{caption}</caption>
      <colgroup>
        {COLUMN_WIDTHS.map((width, i) => (
          <col key={i} style={{ width }} />
        ))}
      </colgroup>
      <thead>
        <tr>
          <Th>Run</Th>
          <Th>Regime</Th>
          <Th>Scheme</Th>
          <Th>Status</Th>
          <Th className="text-right">Last step</Th>
          <Th>Healthy tool calls (train)</Th>
          <Th>Latest score</Th>
          <Th>Newest alert</Th>
        </tr>
      </thead>
      <tbody>
        {summaries.map((summary) => (
          <RunSummaryRow key={summary.run.id} summary={summary} />
        ))}
      </tbody>
    </Table>
  );
}

function RunSummaryRow({ summary }: { summary: RunSummary }) {
  const { run } = summary;
  return (
    <Tr data-testid="run-row" data-run-name={run.name}>
      <Td data-label="Run" className="break-words">
        <div className="flex items-center gap-2">
          <Link
            href={`/runs/${encodeURIComponent(run.id)}`}
            className="font-medium text-blue-700 hover:underline dark:text-blue-400"
          >
            {run.name}
          </Link>
          {run.isDemo ? <DemoBadge /> : null}
          {summary.evaluation ? (
            <span className="rounded bg-sky-100 px-1.5 text-xs font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-200">
              eval
            </span>
          ) : null}
        </div>
        {run.model ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{run.model}</div> : null}
      </Td>
      <Td data-label="Regime">
        <RegimeBadge regime={run.regime} />
      </Td>
      <Td data-label="Scheme" className="text-xs">
        {run.scheme ?? "—"}
      </Td>
      <Td data-label="Status">
        <RunStatusBadge status={run.status} />
      </Td>
      {summary.evaluation ? (
        // An evaluation has no steps to plot: its size and state mix take the steps and sparkline columns.
        <Td colSpan={2} data-label="Evaluation" data-testid="run-evaluation">
          <div className="text-xs font-medium">eval, {summary.evaluation.dialogues} dialogues</div>
          <StateSharesBar
            shares={summary.evaluation.shares}
            note={`${summary.evaluation.turns} assistant turns`}
            className="w-full max-w-56"
          />
        </Td>
      ) : (
        <>
          <Td data-label="Last step" className="text-right font-mono tabular-nums">
            {summary.lastStep ?? "—"}
          </Td>
          <Td data-label="Healthy tool calls (train)">
            <RateSparkline points={summary.healthyToolCallRate} what="Healthy tool-call rate (train)" />
          </Td>
        </>
      )}
      <Td data-label="Latest score">
        <LatestScoreValue score={summary.latestScore} />
      </Td>
      <NewestAlertCell runId={run.id} alert={summary.newestAlert} />
    </Tr>
  );
}

function LatestScoreValue({ score }: { score: LatestScore | null }) {
  if (!score) return <span className="text-zinc-400 dark:text-zinc-500">—</span>;
  return (
    <div>
      <span className="font-mono tabular-nums">{formatScore(score.value)}</span>
      <div className="text-xs text-zinc-500 dark:text-zinc-400">
        {score.label} · step {score.step}
      </div>
    </div>
  );
}
