import { NextResponse, type NextRequest } from "next/server";
import { hasReadSession } from "@/lib/server/auth/read-session";
import { AppError, toErrorResponse } from "@/lib/server/errors";
import { isWellEncodedPath } from "@/lib/utils/percent-encoding";

// No page has this path, so Next renders app/not-found.tsx (with a 404) for it.
const BAD_PATH_PAGE = "/_spikewatch/bad-path";

/**
 * Runs before Next routes a request. A path whose percent-escapes decode to no valid UTF-8 is
 * answered here: Next would fail to decode its route parameters and send a bare 500. API paths get
 * the JSON 400 error; pages the site's not-found page. Then, with SPIKEWATCH_READ_TOKEN set, a page
 * request without the sign-in cookie is sent to /sign-in. API routes check tokens themselves
 * (lib/server/http.ts), so they answer 401 JSON, never a redirect.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  if (!isWellEncodedPath(pathname)) {
    const path = pathname.slice(0, 200);
    const message = `The path is not valid percent-encoding: each %XX must be part of a UTF-8 character (${path})`;
    if (isApi) return toErrorResponse(new AppError("BAD_REQUEST", message));
    return NextResponse.rewrite(new URL(BAD_PATH_PAGE, request.url));
  }
  const readToken = process.env.SPIKEWATCH_READ_TOKEN;
  if (isApi || !readToken || hasReadSession(request.headers.get("cookie"), readToken)) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("next", pathname + request.nextUrl.search);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: [
    // Pages: everything but the API, Next's own assets, the sign-in page itself and BAD_PATH_PAGE (a
    // rewrite to it can pass through the proxy again, which must not send it to sign-in).
    "/((?!api/|_next/|_spikewatch/|sign-in$|favicon\\.ico$).*)",
    // API paths only when they hold an escape outside ASCII or a malformed one: when the proxy runs,
    // Next copies the request body for it (up to 10 MiB), which API uploads must not pay.
    "/api/(.*%(?![0-7][0-9A-Fa-f]).*)",
  ],
};
