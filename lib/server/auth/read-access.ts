import type { Config } from "../config";
import type { Db } from "../db";
import { AppError } from "../errors";
import { hasReadSession } from "./read-session";
import { bearerToken, isWriteToken, sameSecret } from "./tokens";

/**
 * With SPIKEWATCH_READ_TOKEN set, reads need `Authorization: Bearer <read or write token>` or the
 * sign-in cookie; without it, reads are open. Throws UNAUTHORIZED without saying which part was wrong.
 */
export async function requireReadAccess(
  db: Db,
  req: Request,
  config: Pick<Config, "readToken" | "apiToken">,
): Promise<void> {
  if (!config.readToken) return;
  const token = bearerToken(req);
  if (token ? await isAcceptedToken(db, token, config) : hasReadSession(req.headers.get("cookie"), config.readToken))
    return;
  throw new AppError(
    "UNAUTHORIZED",
    "This Spikewatch needs a read token: send Authorization: Bearer <token>, or sign in at /sign-in",
  );
}

/** The read token or any write token: what sign-in and Bearer reads accept. */
export async function isAcceptedToken(
  db: Db,
  token: string,
  config: Pick<Config, "readToken" | "apiToken">,
): Promise<boolean> {
  return (
    (config.readToken !== undefined && sameSecret(token, config.readToken)) || isWriteToken(db, token, config.apiToken)
  );
}
