import { HealthQuerySchema } from "@/lib/domain/ingest/schemas";
import { db } from "@/lib/server/context";
import { getRunHealth } from "@/lib/server/health/get-run-health";
import { parseQuery, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// GET /api/runs/:id/health?split=&fromStep=&toStep= - per step: turn counts per state and failure kind
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  return Response.json({ steps: await getRunHealth(db(), id!, parseQuery(req, HealthQuerySchema)) });
});
