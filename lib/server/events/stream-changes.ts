import { acceptChanges, createChangeCursor, settleCursor } from "@/lib/domain/events/change-cursor";
import type { Db } from "../db";
import { AppError } from "../errors";
import { latestChangeId, readChanges, type ChangeRow } from "./change-feed";
import { sleep } from "@/lib/utils/sleep";

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
 * A Server-Sent Events response over the change feed: polls it every STREAM_POLL_MS, sends each new
 * row once (`id:` the row id, `event:` its kind, `data:` the expanded JSON) and a comment line at
 * least every STREAM_HEARTBEAT_MS so proxies keep the connection open. Without a Last-Event-ID, or
 * with one past the newest row, it starts at the newest row: only what is new is sent.
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
      // A resume point past the newest change came from another feed (a replaced database): it
      // would wait forever, so the stream starts at the newest change instead.
      const newest = await latestChangeId(db, options.runId);
      const cursor = createChangeCursor(Math.min(options.lastEventId ?? newest, newest));
      send(`retry: 2000\n: connected after ${cursor.after}\n\n`);
      let lastSentAt = Date.now();
      try {
        while (!signal.aborted) {
          const rows = await readChanges(db, { runId: options.runId, afterId: cursor.after, limit: READ_LIMIT });
          const fresh = new Set(acceptChanges(cursor, rows.map((r) => r.id)));
          for (const row of rows.filter((r) => fresh.has(r.id))) {
            const event = await options.expand(db, row);
            if (event) send(`id: ${row.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
            lastSentAt = Date.now();
          }
          settleCursor(cursor, Date.now(), GAP_GRACE_MS);
          if (Date.now() - lastSentAt >= (options.heartbeatMs ?? STREAM_HEARTBEAT_MS)) {
            send(": heartbeat\n\n");
            lastSentAt = Date.now();
          }
          if (rows.length < READ_LIMIT) await sleep(STREAM_POLL_MS, signal);
        }
      } catch (error) {
        if (!signal.aborted) console.error("event stream failed", error);
      } finally {
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      }
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
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
