import { acceptChanges, createChangeCursor, settleCursor } from "@/lib/domain/events/change-cursor";
import { nonFiniteAsName } from "@/lib/domain/series/metric-value";
import type { Db } from "../db";
import { isTransientDbError } from "../db-errors";
import { AppError } from "../errors";
import { noteFault, noteRecovery } from "../service-health/fault-log";
import { transientDelayMs, withTransientRetry } from "../write-retry";
import { latestChangeId, readChanges, type ChangeRow } from "./change-feed";
import { waitForChange } from "./change-signal";
import { watchChangeFeed } from "./watch-change-feed";

/** A fallback: streams are woken as soon as a write commits (change-signal.ts); this also settles id gaps. */
export const STREAM_POLL_MS = 500;
export const STREAM_HEARTBEAT_MS = 10_000;
const GAP_GRACE_MS = 5_000;
const READ_LIMIT = 200;

type StreamOptions = {
  runId?: string;
  /** resume after this change id (the Last-Event-ID a reconnecting EventSource sends) */
  lastEventId: number | null;
  signal: AbortSignal;
  expand: (db: Db, row: ChangeRow) => Promise<{ kind: string } | null>;
  heartbeatMs?: number;
};

/**
 * A Server-Sent Events response over the change feed: sends each new row once (`id:` the row id,
 * `event:` its kind, `data:` the expanded JSON) as soon as a write commits (woken by change-signal.ts,
 * at the latest every STREAM_POLL_MS), and a comment line at least every STREAM_HEARTBEAT_MS so
 * proxies keep the connection open. Without a Last-Event-ID, or
 * with one past the newest row, it starts at the newest row: only what is new is sent. A busy or unreachable database pauses the stream (retried with backoff, noted in the
 * health report) instead of closing it; the cursor keeps its place, so nothing is skipped.
 */
export function streamChanges(db: Db, options: StreamOptions): Response {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  options.signal.addEventListener("abort", () => stop.abort(), { once: true });
  const signal = stop.signal;
  const body = new ReadableStream<Uint8Array>({
    cancel: () => stop.abort(),
    async start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const release = watchChangeFeed(db);
      let failures = 0;
      try {
        const newest = await withTransientRetry("event stream start", () => latestChangeId(db, options.runId));
        // A resume point past the newest change came from another feed (a replaced database): it
        // would wait forever, so the stream starts at the newest change instead.
        const cursor = createChangeCursor(Math.min(options.lastEventId ?? newest, newest));
        send(`retry: 2000\n: connected after ${cursor.after}\n\n`);
        let lastSentAt = Date.now();
        while (!signal.aborted) {
          let rows: ChangeRow[] = [];
          const unsent = new Set<number>();
          try {
            rows = await readChanges(db, { runId: options.runId, afterId: cursor.after, limit: READ_LIMIT });
            for (const id of acceptChanges(
              cursor,
              rows.map((r) => r.id),
            ))
              unsent.add(id);
            for (const row of rows.filter((r) => unsent.has(r.id))) {
              const event = await options.expand(db, row);
              if (event)
                send(`id: ${row.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event, nonFiniteAsName)}\n\n`);
              unsent.delete(row.id);
              lastSentAt = Date.now();
            }
            if (failures > 0) noteRecovery("events");
            failures = 0;
          } catch (error) {
            if (!isTransientDbError(error)) throw error;
            noteFault("events", error, "event stream read");
            // Rows accepted but not sent yet are read and sent on the next try.
            for (const id of unsent) cursor.sent.delete(id);
            await waitForChange(transientDelayMs(failures++), signal);
            continue;
          }
          settleCursor(cursor, Date.now(), GAP_GRACE_MS);
          if (Date.now() - lastSentAt >= (options.heartbeatMs ?? STREAM_HEARTBEAT_MS)) {
            send(": heartbeat\n\n");
            lastSentAt = Date.now();
          }
          if (rows.length < READ_LIMIT) await waitForChange(STREAM_POLL_MS, signal);
        }
      } catch (error) {
        if (!signal.aborted) console.error("event stream failed", error);
      } finally {
        release();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      }
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

/**
 * The resume point: the Last-Event-ID header, or `?lastEventId=` for clients that cannot set it. A
 * change id is a non-negative safe integer; anything else (`1e23`, `-1`, digits past 2^53) is a 400,
 * not a stream that silently never sends.
 */
export function lastEventIdOf(req: Request): number | null {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId");
  if (raw === null) return null;
  const id = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) {
    const got = JSON.stringify(raw.slice(0, 40));
    const message = `Last-Event-ID (or ?lastEventId=) must be a non-negative integer, a change id; got ${got}`;
    throw new AppError("BAD_REQUEST", message);
  }
  return id;
}
