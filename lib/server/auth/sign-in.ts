import type { Config } from "../config";
import type { Db } from "../db";
import { readBodyText } from "../http";
import { isAcceptedToken } from "./read-access";
import { readSessionCookie, safeReturnPath } from "./read-session";

/** The form holds a token and a return path; anything bigger is not from it. */
const MAX_FORM_BYTES = 4096;

/**
 * The /sign-in form's target: a read or write token sets the read-session cookie and returns the
 * browser to `next` (303, so it follows with GET); anything else goes back to the form with `failed`.
 * A body over MAX_FORM_BYTES is refused (413) as it streams in, before it is held.
 */
export async function signIn(db: Db, config: Config, req: Request): Promise<Response> {
  const form = new URLSearchParams(await readBodyText(req, MAX_FORM_BYTES, "a sign-in form"));
  const next = safeReturnPath(form.get("next"));
  const token = form.get("token")?.trim() ?? "";
  const url = new URL(req.url);
  const to = (path: string) => new URL(path, url).pathname + new URL(path, url).search;

  if (!config.readToken || !token || !(await isAcceptedToken(db, token, config))) {
    return new Response(null, {
      status: 303,
      headers: { location: to(`/sign-in?failed=1&next=${encodeURIComponent(next)}`) },
    });
  }
  const isHttps = url.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  return new Response(null, {
    status: 303,
    headers: { location: to(next), "set-cookie": readSessionCookie(config.readToken, isHttps) },
  });
}
