import { CapabilityQuerySchema } from "@/lib/domain/capability/capability-query";
import { getCapabilityCheck } from "@/lib/server/capability/get-capability-check";
import { db } from "@/lib/server/context";
import { parseQuery, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// GET /api/checkpoints/:id/capability?probe=NAME[&token=TEXT_OR_ID] - likelihood of the probe's correct tool call before/after suppressing a control token at each decision point
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  return Response.json(await getCapabilityCheck(db(), id!, parseQuery(req, CapabilityQuerySchema)));
});
