import { db } from "@/lib/server/context";
import { expandGlobalChange } from "@/lib/server/events/expand-change";
import { lastEventIdOf, streamChanges } from "@/lib/server/events/stream-changes";
import { withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// GET /api/events - Server-Sent Events for the runs list: every run's new alerts, and a nudge when a run changed
export const GET = withErrors(async (req) =>
  streamChanges(db(), { lastEventId: lastEventIdOf(req), signal: req.signal, expand: expandGlobalChange }),
);
