import { requireWriteToken } from "@/lib/server/auth/tokens";
import { listCheckpoints } from "@/lib/server/checkpoints/list-checkpoints";
import { uploadCheckpoint } from "@/lib/server/checkpoints/upload-checkpoint";
import { db, getConfig } from "@/lib/server/context";
import { withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// POST /api/runs/:id/checkpoints - multipart: `step` and one part per file of an ONNX export folder; queues the replay
export const POST = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  await requireWriteToken(db(), req, getConfig().apiToken);
  return Response.json(await uploadCheckpoint(db(), getConfig(), id!, req), { status: 202 });
});

// GET /api/runs/:id/checkpoints - the run's checkpoints by step, with replay status and progress
export const GET = withErrors(async (_req, ctx) => {
  const { id } = await ctx.params;
  return Response.json({ checkpoints: await listCheckpoints(db(), id!) });
});
