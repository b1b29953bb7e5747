import type { Config } from "../config";
import type { Db } from "../db";
import { loadDemo, type LoadDemoOptions, type LoadedDemoRun } from "./load-demo";

/**
 * The start command's demo step: loads the demo runs when SPIKEWATCH_DEMO is "auto" and the
 * database holds no runs at all. Returns the loaded runs, or null when it did nothing.
 */
export async function loadDemoIfEmpty(
  db: Db,
  config: Pick<Config, "demo">,
  options: LoadDemoOptions = {},
): Promise<LoadedDemoRun[] | null> {
  if (config.demo === "off") return null;
  if ((await db.run.count()) > 0) return null;
  return loadDemo(db, options);
}
