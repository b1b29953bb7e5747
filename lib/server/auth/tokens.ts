import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db";
import { AppError } from "../errors";

const TOKEN_PREFIX = "sw_";

/** Tokens are stored as sha256 hex; the plaintext exists only in the creator's hands. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export type CreatedToken = { id: string; name: string; token: string };

export async function createApiToken(db: Db, name: string): Promise<CreatedToken> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiToken.create({
    data: { name, hash: hashToken(token), prefix: token.slice(0, 8) },
    select: { id: true, name: true },
  });
  return { ...row, token };
}

function sameSecret(a: string, b: string): boolean {
  // Compare fixed-length digests so neither the content nor the length leaks through timing.
  return timingSafeEqual(Buffer.from(hashToken(a), "hex"), Buffer.from(hashToken(b), "hex"));
}

/**
 * Accepts `Authorization: Bearer <token>` matching SPIKEWATCH_API_TOKEN or an unrevoked stored token.
 * Throws UNAUTHORIZED otherwise, without saying which part was wrong.
 */
export async function requireWriteToken(db: Db, req: Request, envToken: string | undefined): Promise<void> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  const token = match?.[1];
  if (!token) throw new AppError("UNAUTHORIZED", "Missing API token: send Authorization: Bearer <token>");
  if (envToken && sameSecret(token, envToken)) return;

  const row = await db.apiToken.findUnique({ where: { hash: hashToken(token) }, select: { id: true, revokedAt: true } });
  if (!row || row.revokedAt) throw new AppError("UNAUTHORIZED", "Invalid API token");
}
