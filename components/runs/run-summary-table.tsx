import Link from "next/link";
import { DemoBadge, RunStatusBadge } from "@/components/ui/badge";
import { formatScore } from "@/components/ui/format";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { LatestScore, RunSummary } from "@/lib/server/runs/list-run-summaries";
import { NewestAlertCell } from "./newest-alert-cell";
import { RateSparkline } from "./sparkline";
import { RegimeBadge } from "@/components/ui/regime-badge";

const COLUMN_WIDTHS = ["22%", "9%", "9%", "8%", "6%", "17%", "13%", "16%"];

/** One row per run; the run name links to its run page. */
export function RunSummaryTable({ summaries, caption }: { summaries: readonly RunSummary[]; caption: string }) {
  return (
    // Fixed column widths, so the real-runs and demo-runs tables line up one above the other.
    <Table className="min-w-[64rem] table-fixed">
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
      <Td className="break-words">
        <div className="flex items-center gap-2">
          <Link href={`/runs/${encodeURIComponent(run.id)}`} className="font-medium text-blue-700 hover:underline dark:text-blue-400">
            {run.name}
          </Link>
          {run.isDemo ? <DemoBadge /> : null}
        </div>
        {run.model ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{run.model}</div> : null}
      </Td>
      <Td>
        <RegimeBadge regime={run.regime} />
      </Td>
      <Td className="text-xs">{run.scheme ?? "—"}</Td>
      <Td>
        <RunStatusBadge status={run.status} />
      </Td>
      <Td className="text-right font-mono tabular-nums">{summary.lastStep ?? "—"}</Td>
      <Td>
        <RateSparkline points={summary.healthyToolCallRate} what="Healthy tool-call rate (train)" />
      </Td>
      <Td>
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
