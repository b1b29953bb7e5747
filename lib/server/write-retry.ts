import { sleep } from "../utils/sleep"; // relative: prisma.config.ts loads this file without the @ alias
import { classifyDbError } from "./db-errors";
import { noteFault, noteRecovery } from "./service-health/fault-log";

const CONFLICT_ATTEMPTS = 8;
const CONFLICT_BASE_DELAY_MS = 20;
/** How long a busy or unreachable database is retried before the error reaches the caller. */
export const TRANSIENT_RETRY_MS = 30_000;
const TRANSIENT_BASE_DELAY_MS = 50;
const TRANSIENT_MAX_DELAY_MS = 1_000;

type RetryOptions = { what?: string; deadlineMs?: number; signal?: AbortSignal };

/**
 * Runs a write transaction again when it lost a race with a concurrent writer (a `conflict`: the
 * retry sees the other writer's rows and skips them; up to 8 attempts) or when the database was busy
 * or unreachable (`transient`: retried with backoff for up to 30 s, logged once per episode and shown
 * in the health report). A write is safe to repeat: it runs in one transaction, and rows that a
 * commit whose answer was lost already stored are skipped as duplicates. Other errors pass through at once.
 */
export function withWriteRetry<T>(write: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return retryDatabase(write, { ...options, retryConflicts: true });
}

/** Retries only transient database errors (busy, lock wait, dropped connection), for reads and idempotent writes. */
export function withTransientRetry<T>(what: string, work: () => Promise<T>, options: Omit<RetryOptions, "what"> = {}): Promise<T> {
  return retryDatabase(work, { ...options, what, retryConflicts: false });
}

/** The delay before the n-th (0-based) retry of a transient failure: doubling from 50 ms, at most 1 s, with jitter. */
export function transientDelayMs(retry: number): number {
  return Math.min(TRANSIENT_MAX_DELAY_MS, TRANSIENT_BASE_DELAY_MS * 2 ** retry) * (0.75 + Math.random() / 2);
}

async function retryDatabase<T>(work: () => Promise<T>, options: RetryOptions & { retryConflicts: boolean }): Promise<T> {
  const { what = "database write", deadlineMs = TRANSIENT_RETRY_MS, signal = new AbortController().signal } = options;
  let conflicts = 0;
  let transients = 0;
  let firstTransientAt = 0;
  for (;;) {
    try {
      const result = await work();
      if (transients > 0) noteRecovery("database");
      return result;
    } catch (error) {
      const kind = classifyDbError(error);
      if (signal.aborted || kind === null || (kind === "conflict" && (!options.retryConflicts || ++conflicts >= CONFLICT_ATTEMPTS))) throw error;
      if (kind === "conflict") {
        await sleep(CONFLICT_BASE_DELAY_MS * 2 ** (conflicts - 1) + Math.random() * CONFLICT_BASE_DELAY_MS, signal);
        continue;
      }
      noteFault("database", error, what);
      firstTransientAt ||= Date.now();
      if (Date.now() - firstTransientAt >= deadlineMs) throw error;
      await sleep(transientDelayMs(transients++), signal);
    }
  }
}
