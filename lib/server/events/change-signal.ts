/**
 * Wakes the event streams of this process when the change feed may have grown, so an open page gets
 * a new alert right after the write commits instead of at the stream's next poll. Sources: this
 * process's own commits (`writeTransaction`) and the watcher of other processes' commits
 * (`watch-change-feed.ts`: PostgreSQL LISTEN/NOTIFY, or a short max-id poll on SQLite).
 */
/** The PostgreSQL channel a transaction that appended to the change feed notifies on commit. */
export const CHANGE_CHANNEL = "spikewatch_changes";

const feedWrites = new WeakSet<object>();

/** Marks a transaction as one that appended change-feed rows (called by `recordChanges`). */
export function markFeedWritten(tx: object): void {
  feedWrites.add(tx);
}

export function wasFeedWritten(tx: object): boolean {
  return feedWrites.has(tx);
}

const globalForSignal = globalThis as unknown as { spikewatchChangeWaiters?: Set<() => void> };
const waiters = (globalForSignal.spikewatchChangeWaiters ??= new Set());

/** Wakes every stream waiting in `waitForChange`. */
export function wakeStreams(): void {
  for (const wake of [...waiters]) wake();
}

/** Resolves at the next wake-up, after `ms` at the latest, or when `signal` aborts. */
export function waitForChange(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiters.delete(done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    waiters.add(done);
    signal.addEventListener("abort", done, { once: true });
  });
}
