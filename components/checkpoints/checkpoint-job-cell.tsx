"use client";

import { Td } from "@/components/ui/table";
import type { CheckpointRecord } from "@/lib/server/checkpoints/checkpoint-record";
import { ProgressBar } from "./progress-bar";
import { isUnfinished } from "./use-checkpoint-list";
import { useJobProgress } from "./use-job-progress";

/** The replay job's progress while queued or scoring; the error once failed; nothing once scored. */
export function CheckpointJobCell({ checkpoint }: { checkpoint: CheckpointRecord }) {
  const isActive = isUnfinished(checkpoint.status);
  const job = useJobProgress(checkpoint.jobId, isActive);
  if (checkpoint.status === "failed") {
    return (
      <Td
        data-label="Replay"
        data-testid="checkpoint-error"
        className="max-w-sm text-xs text-red-700 dark:text-red-400"
      >
        {checkpoint.error ?? job?.error ?? "The replay failed (no message)."}
      </Td>
    );
  }
  if (!isActive)
    return (
      <Td data-label="Replay" className="text-xs text-zinc-500 dark:text-zinc-400">
        done
      </Td>
    );
  const { done, total } = checkpoint.probes;
  const value =
    job && job.progress > 0 ? job.progress : total > 0 ? done / total : checkpoint.status === "queued" ? null : 0;
  const detail =
    checkpoint.status === "queued" && !job?.progress
      ? "waiting for a worker"
      : `${Math.round((value ?? 0) * 100)}% · ${done}/${total || "?"} probes`;
  return (
    <Td data-label="Replay">
      <ProgressBar testId="job-progress" label={`Replay of step ${checkpoint.step}`} value={value} detail={detail} />
    </Td>
  );
}
