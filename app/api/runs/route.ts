import { CreateRunSchema, RunsQuerySchema } from "@/lib/domain/ingest/schemas";
import { requireWriteToken } from "@/lib/server/auth/tokens";
import { db, getConfig } from "@/lib/server/context";
import { parseBody, parseQuery, withErrors } from "@/lib/server/http";
import { createRun } from "@/lib/server/runs/create-run";
import { listRuns } from "@/lib/server/runs/list-runs";

export const dynamic = "force-dynamic";

// GET /api/runs - all runs, newest first, filtered by ?regime=&model=&status=&includeDemo=
export const GET = withErrors(async (req) => {
  const filter = parseQuery(req, RunsQuerySchema);
  return Response.json({ runs: await listRuns(db(), filter) });
});

// POST /api/runs - register a run (returns the existing id when the name is taken)
export const POST = withErrors(async (req) => {
  const { apiToken, maxBodyBytes } = getConfig();
  await requireWriteToken(db(), req, apiToken);
  const input = await parseBody(req, CreateRunSchema, maxBodyBytes);
  const result = await createRun(db(), input);
  return Response.json(result, { status: result.isCreated ? 201 : 200 });
});
