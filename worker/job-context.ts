import type { Db } from "@/lib/server/db";
import type { ReplaySettings } from "./replay/replay-checkpoint";

/** What the loop hands every job handler; its own module so handlers and the catalog do not import each other. */
export type JobContext = {
  db: Db;
  signal: AbortSignal;
  reportProgress: (fraction: number) => Promise<void>;
  replay: ReplaySettings;
};
