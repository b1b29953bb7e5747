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

export function sameSecret(a: string, b: string): boolean {
  // Compare fixed-length digests so neither the content nor the length leaks through timing.
  return timingSafeEqual(Buffer.from(hashToken(a), "hex"), Buffer.from(hashToken(b), "hex"));
}

/**
 * Accepts `Authorization: Bearer <token>` matching SPIKEWATCH_API_TOKEN or an unrevoked stored token.
 * Throws UNAUTHORIZED otherwise, without saying which part was wrong.
 */
export async function requireWriteToken(db: Db, req: Request, envToken: string | undefined): Promise<void> {
  const token = bearerToken(req);
  if (!token) throw new AppError("UNAUTHORIZED", "Missing API token: send Authorization: Bearer <token>");
  if (!(await isWriteToken(db, token, envToken))) throw new AppError("UNAUTHORIZED", "Invalid API token");
}

/** SPIKEWATCH_API_TOKEN or an unrevoked stored token (looked up by its hash, never by plaintext). */
export async function isWriteToken(db: Db, token: string, envToken: string | undefined): Promise<boolean> {
  if (envToken && sameSecret(token, envToken)) return true;
  const row = await db.apiToken.findUnique({ where: { hash: hashToken(token) }, select: { revokedAt: true } });
  return row !== null && row.revokedAt === null;
}

export function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
}
