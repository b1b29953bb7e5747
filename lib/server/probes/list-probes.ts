import type { Db } from "../db";
import { assertRunExists } from "../runs/get-run";

export type ProbeRecord = {
  id: number;
  name: string;
  source: string;
  text: string | null;
  messages: { role: string; content: string }[] | null;
};

export async function listProbes(db: Db, runId: string): Promise<ProbeRecord[]> {
  await assertRunExists(db, runId);
  const rows = await db.probe.findMany({
    where: { runId },
    orderBy: { id: "asc" },
    select: { id: true, name: true, source: true, text: true, messages: true },
  });
  return rows.map((r) => ({ ...r, messages: r.messages ? (JSON.parse(r.messages) as ProbeRecord["messages"]) : null }));
}
