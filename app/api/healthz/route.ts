import { db } from "@/lib/server/context";
import { withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// GET /api/healthz - liveness and database reachability, for start scripts and load balancers; open without a read token
export const GET = withErrors(
  async () => {
    await db().run.count();
    return Response.json({ ok: true });
  },
  { isPublic: true },
);
