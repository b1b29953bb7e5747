import { TraceQuerySchema } from "@/lib/domain/ingest/schemas";
import { db } from "@/lib/server/context";
import { parseQuery, withErrors } from "@/lib/server/http";
import { getDecisionSeries } from "@/lib/server/traces/get-decision-series";

export const dynamic = "force-dynamic";

// GET /api/runs/:id/decision-points?probe=NAME - {probe, points: [{step, checkpointId, index, position, probabilities}]} over scored checkpoints by step
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  const { probe } = parseQuery(req, TraceQuerySchema);
  return Response.json({ probe, points: await getDecisionSeries(db(), id!, probe) });
});
