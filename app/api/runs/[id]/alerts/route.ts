import { AlertsQuerySchema } from "@/lib/domain/ingest/schemas";
import { listAlerts } from "@/lib/server/alerts/list-alerts";
import { db } from "@/lib/server/context";
import { parseQuery, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// GET /api/runs/:id/alerts?kind=&fromStep=&toStep=&limit= - structural-health alerts, newest step first
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  return Response.json({ alerts: await listAlerts(db(), id!, parseQuery(req, AlertsQuerySchema)) });
});
