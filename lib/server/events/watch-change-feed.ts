import pg from "pg";
import { databaseEngineOf, databaseUrlOf, type Db } from "../db";
import { noteFault, noteRecovery } from "../service-health/fault-log";
import { transientDelayMs } from "../write-retry";
import { latestChangeId } from "./change-feed";
import { CHANGE_CHANNEL, wakeStreams } from "./change-signal";
/**
 * How often SQLite's newest change id is read for writes of other processes (the worker, the CLI, a
 * second web process). One indexed `MAX(id)` read, 20 a second per web process and only while a
 * stream is open: well under a millisecond of work each, against 500 ms of added latency without it.
 */
export const SQLITE_WATCH_MS = 50;

type Watcher = { users: number; stop: () => void };
const watchers = new WeakMap<Db, Watcher>();

/**
 * Keeps one watcher of other processes' change-feed writes running while at least one stream is
 * open in this process; returns the stream's release. Each commit seen wakes every stream.
 */
export function watchChangeFeed(db: Db): () => void {
  let watcher = watchers.get(db);
  if (!watcher) {
    watcher = {
      users: 0,
      stop: databaseEngineOf(db) === "postgresql" ? listenForNotifications(databaseUrlOf(db)) : pollNewestId(db),
    };
    watchers.set(db, watcher);
  }
  const current = watcher;
  watcher.users++;
  let isReleased = false;
  return () => {
    if (isReleased) return;
    isReleased = true;
    if (--current.users > 0) return;
    current.stop();
    watchers.delete(db);
  };
}

function pollNewestId(db: Db): () => void {
  // Unknown until the first read, which wakes the streams too: a write committed between a stream's
  // start and that read would otherwise wait for the stream's fallback poll.
  let newest: number | null = null;
  let isReading = false;
  const timer = setInterval(() => {
    if (isReading) return;
    isReading = true;
    latestChangeId(db)
      .then(
        (id) => {
          if (id !== newest) wakeStreams();
          newest = id;
        },
        () => undefined,
      ) // the streams' own reads retry and report a busy database
      .finally(() => (isReading = false));
  }, SQLITE_WATCH_MS);
  return () => clearInterval(timer);
}

/**
 * A dedicated connection LISTENing on the change channel (NOTIFY is delivered on commit, also across
 * hosts). A dropped connection (a server restart) is re-opened with backoff and noted in the health
 * report; meanwhile the streams fall back to their poll, so nothing is missed.
 */
function listenForNotifications(databaseUrl: string): () => void {
  let isStopped = false;
  let client: pg.Client | null = null;
  let failures = 0;
  const connect = async () => {
    while (!isStopped) {
      const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
      try {
        await next.connect();
        await next.query(`LISTEN ${CHANGE_CHANNEL}`);
        if (isStopped) return void (await next.end());
        client = next;
        if (failures > 0) noteRecovery("events");
        failures = 0;
        next.on("notification", () => wakeStreams());
        next.on("error", (error) => reconnect(next, error));
        next.on("end", () => reconnect(next, new Error("the notification connection closed")));
        wakeStreams(); // catch up on anything committed while no one listened
        return;
      } catch (error) {
        noteFault("events", error, "change notifications (LISTEN)");
        await next.end().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, transientDelayMs(failures++)));
      }
    }
  };
  const reconnect = (broken: pg.Client, error: unknown) => {
    if (client !== broken) return;
    client = null;
    noteFault("events", error, "change notifications (LISTEN)");
    failures++;
    void broken.end().catch(() => undefined);
    void connect();
  };
  void connect();
  return () => {
    isStopped = true;
    void client?.end().catch(() => undefined);
    client = null;
  };
}
