import { TimelineQuerySchema } from "@/lib/domain/charts/timeline-query";
import { db } from "@/lib/server/context";
import { AppError } from "@/lib/server/errors";
import { metricJson, parseQuery, withErrors } from "@/lib/server/http";
import { getRunTimeline } from "@/lib/server/timeline/get-run-timeline";

export const dynamic = "force-dynamic";

// GET /api/runs/:id/timeline?split=&fromStep=&toStep=&maxPoints=&keys=a,b - what the run page charts, server-downsampled
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  const query = parseQuery(req, TimelineQuerySchema);
  const timeline = await getRunTimeline(db(), id!, query);
  if (!timeline) throw new AppError("NOT_FOUND", `Run ${id} not found`);
  return metricJson(timeline);
});
