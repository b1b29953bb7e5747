import type { Db } from "../db";
import { RUN_SELECT, toRunRecord, type RunRecord } from "./run-record";

export type ListRunsFilter = { regime?: string; model?: string; status?: string; includeDemo?: boolean };

export async function listRuns(db: Db, filter: ListRunsFilter = {}): Promise<RunRecord[]> {
  const rows = await db.run.findMany({
    where: {
      regime: filter.regime,
      model: filter.model,
      status: filter.status,
      ...(filter.includeDemo === false ? { isDemo: false } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: 1_000,
    select: RUN_SELECT,
  });
  return rows.map(toRunRecord);
}
