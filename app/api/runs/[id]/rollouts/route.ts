import { IngestRolloutsSchema, RolloutsQuerySchema } from "@/lib/domain/ingest/schemas";
import { requireWriteToken } from "@/lib/server/auth/tokens";
import { db, getConfig } from "@/lib/server/context";
import { parseBody, parseQuery, withErrors } from "@/lib/server/http";
import { ingestRollouts } from "@/lib/server/rollouts/ingest-rollouts";
import { listRollouts } from "@/lib/server/rollouts/list-rollouts";

export const dynamic = "force-dynamic";

// GET /api/runs/:id/rollouts?step=&split=&state=&failure=&cursor=&limit= - one page, with turns
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  return Response.json(await listRollouts(db(), id!, parseQuery(req, RolloutsQuerySchema)));
});

// POST /api/runs/:id/rollouts - classify and store {rollouts: [...]}; (split, step, sampleId) repeats are skipped and listed
export const POST = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  const { apiToken, maxBodyBytes } = getConfig();
  await requireWriteToken(db(), req, apiToken);
  const { rollouts } = await parseBody(req, IngestRolloutsSchema, maxBodyBytes);
  return Response.json(await ingestRollouts(db(), id!, rollouts, { source: "api" }));
});
