import { getCheckpoint } from "@/lib/server/checkpoints/list-checkpoints";
import { db } from "@/lib/server/context";
import { withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// GET /api/checkpoints/:id - step, status, device, probes done, files with sha256
export const GET = withErrors(async (_req, ctx) => {
  const { id } = await ctx.params;
  return Response.json(await getCheckpoint(db(), id!));
});
