import { TraceQuerySchema } from "@/lib/domain/ingest/schemas";
import { db } from "@/lib/server/context";
import { parseQuery, withErrors } from "@/lib/server/http";
import { getTrace } from "@/lib/server/traces/get-trace";

export const dynamic = "force-dynamic";

// GET /api/checkpoints/:id/traces?probe=NAME - per token: pNext, entropy, control-token p, top-5 (entry i is about token i+1)
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  const { probe } = parseQuery(req, TraceQuerySchema);
  return Response.json(await getTrace(db(), id!, probe));
});
