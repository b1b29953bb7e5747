import { db } from "@/lib/server/context";
import { expandRunChange } from "@/lib/server/events/expand-change";
import { lastEventIdOf, streamChanges } from "@/lib/server/events/stream-changes";
import { withErrors } from "@/lib/server/http";
import { assertRunExists } from "@/lib/server/runs/get-run";

export const dynamic = "force-dynamic";

// GET /api/runs/:id/events - Server-Sent Events: new step health, metric points and alerts of one run
export const GET = withErrors(async (req, ctx) => {
  const { id } = await ctx.params;
  await assertRunExists(db(), id!);
  return streamChanges(db(), {
    runId: id!,
    lastEventId: lastEventIdOf(req),
    signal: req.signal,
    expand: expandRunChange,
  });
});
