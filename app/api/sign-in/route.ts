import { signIn } from "@/lib/server/auth/sign-in";
import { db, getConfig } from "@/lib/server/context";
import { withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// POST /api/sign-in - form fields `token` and `next` from /sign-in; sets the read cookie and redirects (303)
export const POST = withErrors(async (req) => signIn(db(), getConfig(), req));
