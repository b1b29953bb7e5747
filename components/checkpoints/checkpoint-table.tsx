import { Table, Td, Th, Tr } from "@/components/ui/table";
import { tokenViewHref } from "@/lib/domain/charts/checkpoint-links";
import { formatBytes } from "@/lib/domain/charts/format-probability";
import type { CheckpointRecord } from "@/lib/server/checkpoints/checkpoint-record";
import { CheckpointJobCell } from "./checkpoint-job-cell";
import { CheckpointStatusBadge } from "./checkpoint-status-badge";

const SOURCE_LABELS: Record<string, string> = { path: "registered folder", s3: "registered S3 prefix" };

const LINK = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-100";

/** The run's checkpoints by step: replay status and progress, files with short hashes, a link to each token view. */
export function CheckpointTable({ runId, checkpoints, probe }: { runId: string; checkpoints: readonly CheckpointRecord[]; probe: string | null }) {
  if (checkpoints.length === 0) {
    return <p className="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">No checkpoints yet: upload one above, or POST to <code>/api/runs/{runId}/checkpoints</code>.</p>;
  }
  return (
    <Table aria-label="Checkpoints">
      <thead>
        <tr>
          <Th>Step</Th>
          <Th>Status</Th>
          <Th>Device</Th>
          <Th>Probes</Th>
          <Th>Size</Th>
          <Th>Files (sha256)</Th>
          <Th>Replay</Th>
          <Th><span className="sr-only">Links</span></Th>
        </tr>
      </thead>
      <tbody>
        {checkpoints.map((c) => (
          <Tr key={c.id} data-testid="checkpoint-row" data-step={c.step} data-status={c.status}>
            <Td className="font-medium tabular-nums" data-source={c.source}>
              {c.step}
              {c.source !== "upload" ? (
                <span className="block text-xs font-normal text-zinc-500 dark:text-zinc-400">
                  {SOURCE_LABELS[c.source] ?? c.source}
                </span>
              ) : null}
            </Td>
            <Td><CheckpointStatusBadge status={c.status} /></Td>
            <Td className="font-mono text-xs">{c.device ?? "—"}</Td>
            <Td className="tabular-nums">{c.probes.done}/{c.probes.total}</Td>
            <Td className="whitespace-nowrap tabular-nums">{formatBytes(c.totalBytes)}</Td>
            <Td>
              <ul className="space-y-0.5 text-xs">
                {c.files.map((f) => (
                  <li key={f.name} className="whitespace-nowrap" title={`${f.name}: ${f.bytes} bytes, sha256 ${f.sha256}`}>
                    <code className="font-mono">{f.name}</code> <code className="font-mono text-zinc-500 dark:text-zinc-400">{f.sha256.slice(0, 12)}</code>
                  </li>
                ))}
              </ul>
            </Td>
            <CheckpointJobCell checkpoint={c} />
            <Td className="whitespace-nowrap text-sm">
              {c.status === "scored" ? <a href={tokenViewHref(runId, c.id, probe ? { probe } : {})} className={LINK}>Token view</a> : null}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
