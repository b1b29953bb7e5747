import { z } from "zod";
import type { Tx } from "../tx";
import { markFeedWritten } from "./change-signal";

/** What one change-feed row says changed; streams expand it into data when they read it. */
export const ChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("step_health"), split: z.string(), steps: z.array(z.number().int()) }),
  z.object({
    kind: z.literal("metrics"),
    keys: z.array(z.string()),
    fromStep: z.number().int(),
    toStep: z.number().int(),
  }),
  z.object({ kind: z.literal("alert"), alertId: z.number().int() }),
]);
export type Change = z.infer<typeof ChangeSchema>;

/**
 * Appends change-feed rows inside the writer's transaction, so a stream never sees data half-written.
 * Call it inside `writeTransaction`, which wakes the streams once the rows are committed.
 */
export async function recordChanges(tx: Tx, runId: string, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.runEvent.createMany({
    data: changes.map(({ kind, ...payload }) => ({ runId, kind, payload: JSON.stringify(payload) })),
  });
  markFeedWritten(tx);
}

export type ChangeRow = { id: number; runId: string; change: Change };

/** Change-feed rows after `afterId`, oldest first; one run's or every run's. */
export async function readChanges(
  db: Pick<Tx, "runEvent">,
  { runId, afterId, limit }: { runId?: string; afterId: number; limit: number },
): Promise<ChangeRow[]> {
  const rows = await db.runEvent.findMany({
    where: { runId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, runId: true, kind: true, payload: true },
  });
  return rows.map((row) => ({
    id: row.id,
    runId: row.runId,
    change: ChangeSchema.parse({ kind: row.kind, ...(JSON.parse(row.payload) as object) }),
  }));
}

/** The newest change-feed id (0 when empty): a fresh stream starts after it and sends only what is new. */
export async function latestChangeId(db: Pick<Tx, "runEvent">, runId?: string): Promise<number> {
  const row = await db.runEvent.findFirst({ where: { runId }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? 0;
}
