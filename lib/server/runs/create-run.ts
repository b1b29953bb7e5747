import type { CreateRun } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { withWriteRetry } from "../write-retry";

export type CreateRunResult = { id: string; isCreated: boolean };

/**
 * Creates a run, or returns the existing run of that name unchanged, so a trainer that restarts
 * and registers again keeps appending to the same run.
 */
export async function createRun(db: Db, input: CreateRun, { isDemo = false } = {}): Promise<CreateRunResult> {
  return withWriteRetry(async () => {
    const existing = await db.run.findUnique({ where: { name: input.name }, select: { id: true } });
    if (existing) return { id: existing.id, isCreated: false };
    const { phases, config, ...columns } = input;
    const run = await db.run.create({
      data: { ...columns, phases: JSON.stringify(phases ?? []), config: JSON.stringify(config ?? {}), isDemo },
      select: { id: true },
    });
    return { id: run.id, isCreated: true };
  });
}
