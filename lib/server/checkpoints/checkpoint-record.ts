import type { StoredFile } from "@/lib/domain/ingest/checkpoint-files";
import { redactServerPaths } from "@/lib/utils/redact-server-paths";

/**
 * A checkpoint as the API sends it. `source`: uploaded, made by the demo loader (`demo`), or registered
 * from a folder (`path`) or an S3 prefix (`s3`); where the files are stays internal, so readers never learn server paths.
 */
export type CheckpointRecord = {
  id: string;
  runId: string;
  step: number;
  status: string;
  source: string;
  device: string | null;
  files: StoredFile[];
  totalBytes: number;
  jobId: string | null;
  probes: { done: number; total: number };
  error: string | null;
  createdAt: string;
};

export const CHECKPOINT_SELECT = {
  id: true,
  runId: true,
  step: true,
  status: true,
  source: true,
  device: true,
  files: true,
  totalBytes: true,
  jobId: true,
  probesDone: true,
  probesTotal: true,
  error: true,
  createdAt: true,
} as const;

type CheckpointRow = Omit<CheckpointRecord, "files" | "probes" | "createdAt"> & {
  files: string;
  probesDone: number;
  probesTotal: number;
  createdAt: Date;
};

/** The record readers see (API and pages): the stored error keeps its server paths, this one does not. */
export function toCheckpointRecord(checkpoint: CheckpointRow): CheckpointRecord {
  const { files, probesDone, probesTotal, createdAt, error, ...row } = checkpoint;
  return {
    ...row,
    files: JSON.parse(files) as StoredFile[],
    probes: { done: probesDone, total: probesTotal },
    error: error === null ? null : redactServerPaths(error),
    createdAt: createdAt.toISOString(),
  };
}
