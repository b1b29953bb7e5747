import fs from "node:fs";
import path from "node:path";
import { createApiToken } from "../lib/server/auth/tokens";
import type { Config } from "../lib/server/config";
import type { Db } from "../lib/server/db";

/**
 * On a brand-new install (no SPIKEWATCH_API_TOKEN and no stored token) creates one token so the
 * write API works at once; its plaintext goes to <data dir>/api-token, readable by the owner only.
 */
export async function ensureFirstToken(db: Db, config: Config, log: (message: string) => void): Promise<void> {
  if (config.apiToken) return;
  const tokenFile = path.join(config.dataDir, "api-token");
  if ((await db.apiToken.count()) > 0) {
    if (fs.existsSync(tokenFile)) log(`API token: see ${tokenFile}`);
    return;
  }
  const { token } = await createApiToken(db, "first-start");
  fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  log(`created an API token for the write endpoints; it is in ${tokenFile}`);
}
