import { UpdateRunSchema } from "@/lib/domain/ingest/schemas";
import { requireWriteToken } from "@/lib/server/auth/tokens";
import { db, getConfig } from "@/lib/server/context";
import { parseBody, withErrors } from "@/lib/server/http";
import { getRunDetail } from "@/lib/server/runs/get-run";
import { updateRun } from "@/lib/server/runs/update-run";

export const dynamic = "force-dynamic";

// GET /api/runs/:id - one run with row counts, metric keys and its step range
export const GET = withErrors(async (_req, ctx) => {
  const { id } = await ctx.params;
  return Response.json(await getRunDetail(db(), id!));
});

// PATCH /api/runs/:id - update status, phases or other run fields
export const PATCH = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  const { apiToken, maxBodyBytes } = getConfig();
  await requireWriteToken(db(), req, apiToken);
  const input = await parseBody(req, UpdateRunSchema, maxBodyBytes);
  return Response.json(await updateRun(db(), id!, input));
});
