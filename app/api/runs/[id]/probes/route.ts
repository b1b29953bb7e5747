import { AddProbesSchema } from "@/lib/domain/ingest/schemas";
import { requireWriteToken } from "@/lib/server/auth/tokens";
import { db, getConfig } from "@/lib/server/context";
import { parseBody, withErrors } from "@/lib/server/http";
import { addProbes } from "@/lib/server/probes/add-probes";
import { listProbes } from "@/lib/server/probes/list-probes";

export const dynamic = "force-dynamic";

// POST /api/runs/:id/probes - {probes: [{name, text? | messages?}]}: sequences replayed on every checkpoint
export const POST = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  await requireWriteToken(db(), req, getConfig().apiToken);
  const { probes } = await parseBody(req, AddProbesSchema, getConfig().maxBodyBytes);
  return Response.json(await addProbes(db(), id!, probes));
});

// GET /api/runs/:id/probes - the run's probes (user-given, or the default set drawn from its rollouts)
export const GET = withErrors(async (_req, ctx) => {
  const { id } = await ctx.params;
  return Response.json({ probes: await listProbes(db(), id!) });
});
