import { requireWriteToken } from "@/lib/server/auth/tokens";
import { listCheckpoints } from "@/lib/server/checkpoints/list-checkpoints";
import { registerCheckpoint, RegisterCheckpointSchema } from "@/lib/server/checkpoints/register-checkpoint";
import { uploadCheckpoint } from "@/lib/server/checkpoints/upload-checkpoint";
import { db, getConfig } from "@/lib/server/context";
import { parseBody, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// POST /api/runs/:id/checkpoints - multipart: `step` and one part per checkpoint file (upload), or
// JSON {step, path}: register a folder under SPIKEWATCH_CHECKPOINT_ROOTS without copying; queues the replay
export const POST = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  const config = getConfig();
  await requireWriteToken(db(), req, config.apiToken);
  const isJson = (req.headers.get("content-type") ?? "").startsWith("application/json");
  const { checkpointId, jobId } = isJson
    ? await registerCheckpoint(db(), config, id!, await parseBody(req, RegisterCheckpointSchema, config.maxBodyBytes))
    : await uploadCheckpoint(db(), config, id!, req);
  return Response.json({ checkpointId, jobId }, { status: 202 });
});

// GET /api/runs/:id/checkpoints - the run's checkpoints by step, with replay status and progress
export const GET = withErrors(async (_req, ctx) => {
  const { id } = await ctx.params;
  return Response.json({ checkpoints: await listCheckpoints(db(), id!) });
});
