import { deleteBlobFolder } from "../blobs/blob-store";
import { openBlobStore } from "../blobs/open-blob-store";
import type { Config } from "../config";
import type { Db } from "../db";
import { withWriteRetry } from "../write-retry";

/** Checkpoint sources whose files Spikewatch keeps in its blob store (registered folders are the user's). */
const STORED_SOURCES = ["demo", "upload"];

/**
 * Deletes every run marked isDemo with all its rows (metrics, rollouts, turns, health, alerts,
 * events, checkpoints cascade), and first the files of their checkpoints in the blob store, so
 * none is left without a row. Real runs are never touched: the filter is the isDemo flag, never a name.
 */
export async function removeDemo(
  db: Db,
  config: Pick<Config, "dataDir" | "blobs">,
): Promise<{ runs: number; names: string[]; checkpoints: number }> {
  const runs = await db.run.findMany({ where: { isDemo: true }, select: { name: true }, orderBy: { name: "asc" } });
  const stored = await db.checkpoint.findMany({
    where: { run: { isDemo: true }, source: { in: STORED_SOURCES } },
    select: { dir: true },
  });
  const store = openBlobStore(config);
  for (const { dir } of stored) await deleteBlobFolder(store, dir);
  const { count } = await withWriteRetry(() => db.run.deleteMany({ where: { isDemo: true } }));
  return { runs: count, names: runs.map((r) => r.name), checkpoints: stored.length };
}
