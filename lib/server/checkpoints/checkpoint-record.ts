import type { StoredFile } from "@/lib/domain/ingest/checkpoint-files";

/** A checkpoint as the API sends it; the folder on disk stays internal. */
export type CheckpointRecord = {
  id: string;
  runId: string;
  step: number;
  status: string;
  device: string | null;
  files: StoredFile[];
  totalBytes: number;
  jobId: string | null;
  probes: { done: number; total: number };
  error: string | null;
  createdAt: string;
};

export const CHECKPOINT_SELECT = {
  id: true, runId: true, step: true, status: true, device: true, files: true, totalBytes: true,
  jobId: true, probesDone: true, probesTotal: true, error: true, createdAt: true,
} as const;

type CheckpointRow = Omit<CheckpointRecord, "files" | "probes" | "createdAt"> & {
  files: string; probesDone: number; probesTotal: number; createdAt: Date;
};

export function toCheckpointRecord({ files, probesDone, probesTotal, createdAt, ...row }: CheckpointRow): CheckpointRecord {
  return { ...row, files: JSON.parse(files) as StoredFile[], probes: { done: probesDone, total: probesTotal }, createdAt: createdAt.toISOString() };
}
