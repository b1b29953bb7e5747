import type { UpdateRun } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { AppError } from "../errors";
import { getRun } from "./get-run";
import type { RunRecord } from "./run-record";

/** Updates the given fields (status when training ends, phases as they become known). */
export async function updateRun(db: Db, runId: string, input: UpdateRun): Promise<RunRecord> {
  const { phases, config, ...columns } = input;
  const { count } = await db.run.updateMany({
    where: { id: runId },
    data: {
      ...columns,
      ...(phases ? { phases: JSON.stringify(phases) } : {}),
      ...(config ? { config: JSON.stringify(config) } : {}),
    },
  });
  if (count === 0) throw new AppError("NOT_FOUND", `Run ${runId} not found`);
  const run = await getRun(db, runId);
  if (!run) throw new AppError("NOT_FOUND", `Run ${runId} not found`);
  return run;
}
