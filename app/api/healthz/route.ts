import { db, getConfig } from "@/lib/server/context";
import { withErrors } from "@/lib/server/http";
import { getServiceHealth } from "@/lib/server/service-health/get-service-health";
import { readSupervision } from "@/lib/server/service-health/supervision";

export const dynamic = "force-dynamic";

// GET /api/healthz - each part's state (database, web, worker, blob store, event streams); 200 when the
// web app and its database answer, else 503 (what load balancers check); open without a read token
export const GET = withErrors(
  async () => {
    const health = await getServiceHealth(db(), getConfig(), readSupervision(process.env));
    return Response.json(health, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
  },
  { isPublic: true },
);
