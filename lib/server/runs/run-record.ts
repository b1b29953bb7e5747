import type { Phase } from "@/lib/domain/ingest/schemas";

/** The API shape of a run: JSON columns parsed, dates as ISO strings. */
export type RunRecord = {
  id: string;
  name: string;
  model: string | null;
  regime: string | null;
  scheme: string | null;
  rlLr: number | null;
  sftLr: number | null;
  seed: number | null;
  phases: Phase[];
  config: Record<string, unknown>;
  status: string;
  isDemo: boolean;
  /** the collapse detector's stored verdict (README, "Collapse-onset detector") */
  collapseStatus: string;
  collapseOnsetStep: number | null;
  createdAt: string;
  updatedAt: string;
};

export const RUN_SELECT = {
  id: true,
  name: true,
  model: true,
  regime: true,
  scheme: true,
  rlLr: true,
  sftLr: true,
  seed: true,
  phases: true,
  config: true,
  status: true,
  isDemo: true,
  collapseStatus: true,
  collapseOnsetStep: true,
  createdAt: true,
  updatedAt: true,
} as const;

type RunRow = Omit<RunRecord, "phases" | "config" | "createdAt" | "updatedAt"> & {
  phases: string;
  config: string;
  createdAt: Date;
  updatedAt: Date;
};

export function toRunRecord(row: RunRow): RunRecord {
  return {
    ...row,
    phases: JSON.parse(row.phases) as Phase[],
    config: JSON.parse(row.config) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
