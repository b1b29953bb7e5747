import { requireWriteToken } from "@/lib/server/auth/tokens";
import { db, getConfig } from "@/lib/server/context";
import { withErrors } from "@/lib/server/http";
import { enqueueReclassify } from "@/lib/server/rollouts/enqueue-reclassify";

export const dynamic = "force-dynamic";

// POST /api/runs/:id/reclassify - queue the worker to classify the run's stored rollouts again
export const POST = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  await requireWriteToken(db(), req, getConfig().apiToken);
  return Response.json(await enqueueReclassify(db(), id!), { status: 202 });
});
