import { NextResponse, type NextRequest } from "next/server";
import { hasReadSession } from "@/lib/server/auth/read-session";

/**
 * With SPIKEWATCH_READ_TOKEN set, a page request without the sign-in cookie is sent to /sign-in.
 * API routes check tokens themselves (lib/server/http.ts), so they answer 401 JSON, never a redirect.
 */
export function proxy(request: NextRequest) {
  const readToken = process.env.SPIKEWATCH_READ_TOKEN;
  if (!readToken || hasReadSession(request.headers.get("cookie"), readToken)) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything but the API, Next's own assets and the sign-in page itself.
  matcher: ["/((?!api/|_next/|sign-in$|favicon\\.ico$).*)"],
};
