import { parseMetricBatch } from "@/lib/domain/ingest/parse-metric-batch";
import { MetricsQuerySchema } from "@/lib/domain/ingest/schemas";
import { requireWriteToken } from "@/lib/server/auth/tokens";
import { db, getConfig } from "@/lib/server/context";
import { metricJson, parseQuery, readJsonBody, withErrors } from "@/lib/server/http";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import { queryMetrics } from "@/lib/server/metrics/query-metrics";

export const dynamic = "force-dynamic";

// GET /api/runs/:id/metrics?keys=a,b&maxPoints=N&fromStep=&toStep= - min/max-downsampled series
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  const query = parseQuery(req, MetricsQuerySchema);
  return metricJson({ series: await queryMetrics(db(), id!, query) });
});

// POST /api/runs/:id/metrics - append {points: [{step, key, value}]}; value: number | "NaN" | "Infinity" | "-Infinity"; repeats are no-ops
export const POST = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  const { apiToken, maxBodyBytes } = getConfig();
  await requireWriteToken(db(), req, apiToken);
  const { points } = parseMetricBatch(await readJsonBody(req, maxBodyBytes));
  return Response.json(await ingestMetrics(db(), id!, points));
});
