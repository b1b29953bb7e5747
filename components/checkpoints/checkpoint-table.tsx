import { CommandBlock } from "@/components/ui/command-block";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { tokenViewHref } from "@/lib/domain/charts/checkpoint-links";
import { formatBytes } from "@/lib/domain/charts/format-probability";
import type { CheckpointRecord } from "@/lib/server/checkpoints/checkpoint-record";
import { CheckpointJobCell } from "./checkpoint-job-cell";
import { CheckpointStatusBadge } from "./checkpoint-status-badge";

const SOURCE_LABELS: Record<string, string> = {
  path: "registered folder",
  s3: "registered S3 prefix",
  demo: "demo model",
};

const LINK =
  "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-100";

/** The run's checkpoints by step: replay status and progress, files with short hashes, a link to each token view. */
export function CheckpointTable({
  runId,
  checkpoints,
  probe,
}: {
  runId: string;
  checkpoints: readonly CheckpointRecord[];
  probe: string | null;
}) {
  if (checkpoints.length === 0) {
    return (
      <div data-testid="checkpoints-empty" className="space-y-2 py-2 text-sm">
        <p>
          No checkpoints yet. Upload a Hugging Face checkpoint folder above, or register one your trainer saved (its
          folder must sit under <code className="font-mono">SPIKEWATCH_CHECKPOINT_ROOTS</code>), or follow the output
          folder as training writes it:
        </p>
        <CommandBlock label="Add a checkpoint">{`npx spikewatch checkpoint add --run ${runId} --step 300 /data/checkpoints/global_step_300/actor/huggingface\nnpx spikewatch checkpoint watch --run ${runId} /data/checkpoints`}</CommandBlock>
        <p className="text-zinc-600 dark:text-zinc-400">
          The decision-point chart and spike alerts below fill in as replays finish.
        </p>
      </div>
    );
  }
  return (
    <Table aria-label="Checkpoints" className="stack-on-phone">
      <thead>
        <tr>
          <Th>Step</Th>
          <Th>Status</Th>
          <Th>Device</Th>
          <Th>Probes</Th>
          <Th>Size</Th>
          <Th>Files (sha256)</Th>
          <Th>Replay</Th>
          <Th>
            <span className="sr-only">Links</span>
          </Th>
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
            <Td data-label="Status">
              <CheckpointStatusBadge status={c.status} />
            </Td>
            <Td data-label="Device" className="font-mono text-xs">
              {c.device ?? "—"}
            </Td>
            <Td data-label="Probes" className="tabular-nums">
              {c.probes.done}/{c.probes.total}
            </Td>
            <Td data-label="Size" className="whitespace-nowrap tabular-nums">
              {formatBytes(c.totalBytes)}
            </Td>
            <Td data-label="Files (sha256)">
              <ul className="space-y-0.5 text-xs">
                {c.files.map((f) => (
                  <li
                    key={f.name}
                    className="break-all sm:whitespace-nowrap sm:break-normal"
                    title={`${f.name}: ${f.bytes} bytes, sha256 ${f.sha256}`}
                  >
                    <code className="font-mono">{f.name}</code>{" "}
                    <code className="font-mono text-zinc-500 dark:text-zinc-400">{f.sha256.slice(0, 12)}</code>
                  </li>
                ))}
              </ul>
            </Td>
            <CheckpointJobCell checkpoint={c} />
            <Td className="whitespace-nowrap text-sm">
              {c.status === "scored" ? (
                <a href={tokenViewHref(runId, c.id, probe ? { probe } : {})} className={LINK}>
                  Token view
                </a>
              ) : null}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
