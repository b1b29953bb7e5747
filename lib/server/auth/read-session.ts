import { createHmac, timingSafeEqual } from "node:crypto";

// Kept free of Prisma and config imports: proxy.ts uses it on every page request.

export const READ_SESSION_COOKIE = "spikewatch_read";
const SESSION_MAX_AGE_S = 30 * 24 * 3600;

/**
 * The sign-in cookie's value: an HMAC keyed by the read token, so the cookie never holds the token
 * and every session ends when the token changes.
 */
export function readSessionValue(readToken: string): string {
  return createHmac("sha256", readToken).update("spikewatch read session v1").digest("base64url");
}

/** Whether a Cookie header carries a valid read session; compared in constant time. */
export function hasReadSession(cookieHeader: string | null, readToken: string): boolean {
  const value = cookieHeader
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${READ_SESSION_COOKIE}=`))
    ?.slice(READ_SESSION_COOKIE.length + 1);
  if (!value) return false;
  const expected = Buffer.from(readSessionValue(readToken));
  const given = Buffer.from(value);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Set-Cookie for a signed-in browser: httpOnly (no script reads it), SameSite=Lax, Secure over HTTPS. */
export function readSessionCookie(readToken: string, isHttps: boolean): string {
  return `${READ_SESSION_COOKIE}=${readSessionValue(readToken)}; Path=/; Max-Age=${SESSION_MAX_AGE_S}; HttpOnly; SameSite=Lax${isHttps ? "; Secure" : ""}`;
}

// Only used to resolve relative paths: nothing is ever fetched from it.
const PROBE_ORIGIN = "http://spikewatch.invalid";

/**
 * Where to go after sign-in: `next` when it is a path on this site, else "/". Returned normalised
 * (dot segments resolved), as the browser would resolve it. Refused: anything that is not a path
 * starting with one `/`, or that a URL parser turns into another host: `//host` after dot segments
 * (`/..//host`), backslashes (read as `/`), control characters (browsers drop tabs and newlines,
 * so `/\t/host` is `//host`), and the same again after one round of percent-decoding (`/%2e%2e//host`,
 * `/%09/host`), since a later hop may decode it.
 */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !isPathOnThisSite(next)) return "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return "/";
  }
  if (!isPathOnThisSite(decoded)) return "/";
  const url = new URL(next, PROBE_ORIGIN);
  return url.pathname + url.search + url.hash;
}

function isPathOnThisSite(path: string): boolean {
  if (!/^\/(?![/\\])/.test(path) || /[\\\u0000-\u001f\u007f]/.test(path)) return false;
  const url = URL.parse(path, PROBE_ORIGIN);
  return url !== null && url.origin === PROBE_ORIGIN && !url.pathname.startsWith("//");
}
