import { MAX_PROBES_PER_RUN, type ProbeInput } from "@/lib/domain/ingest/schemas";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRunExists } from "../runs/get-run";
import { withWriteRetry } from "../write-retry";

export type AddProbesResult = { added: string[]; existing: string[] };

/**
 * Adds probes to a run. A name that exists is left as it is (its traces on earlier checkpoints
 * must keep meaning the same sequence); send a new name for a new sequence.
 */
export async function addProbes(db: Db, runId: string, probes: readonly ProbeInput[]): Promise<AddProbesResult> {
  await assertRunExists(db, runId);
  return withWriteRetry(() =>
    db.$transaction(async (tx) => {
      const stored = await tx.probe.findMany({ where: { runId, source: "user" }, select: { name: true } });
      const names = new Set(stored.map((p) => p.name));
      const fresh = probes.filter((p, i) => !names.has(p.name) && probes.findIndex((q) => q.name === p.name) === i);
      if (names.size + fresh.length > MAX_PROBES_PER_RUN) {
        throw new AppError("UNPROCESSABLE", `A run holds at most ${MAX_PROBES_PER_RUN} probes; it has ${names.size}`);
      }
      await tx.probe.createMany({
        data: fresh.map((p) => ({
          runId,
          name: p.name,
          source: "user",
          text: p.text ?? null,
          messages: p.messages ? JSON.stringify(p.messages) : null,
        })),
      });
      return { added: fresh.map((p) => p.name), existing: probes.filter((p) => names.has(p.name)).map((p) => p.name) };
    }),
  );
}
