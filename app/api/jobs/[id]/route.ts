import { db } from "@/lib/server/context";
import { withErrors } from "@/lib/server/http";
import { getJob } from "@/lib/server/jobs/get-job";

export const dynamic = "force-dynamic";

// GET /api/jobs/:id - {status: queued | running | succeeded | failed, progress (0-1), error?}
export const GET = withErrors(async (_req, ctx) => {
  const { id } = await ctx.params;
  return Response.json(await getJob(db(), id!));
});
