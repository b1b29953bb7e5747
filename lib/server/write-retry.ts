import { AsyncLocalStorage } from "node:async_hooks";
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
export function withTransientRetry<T>(
  what: string,
  work: () => Promise<T>,
  options: Omit<RetryOptions, "what"> = {},
): Promise<T> {
  return retryDatabase(work, { ...options, what, retryConflicts: false });
}

/** The delay before the n-th (0-based) retry of a transient failure: doubling from 50 ms, at most 1 s, with jitter. */
export function transientDelayMs(retry: number): number {
  return Math.min(TRANSIENT_MAX_DELAY_MS, TRANSIENT_BASE_DELAY_MS * 2 ** retry) * (0.75 + Math.random() / 2);
}

const probeScope = new AsyncLocalStorage<true>();
let probeQueue: Promise<void> = Promise.resolve();
/** Transient failures in a row in this process, over all callers; 0 once anything got through. */
let outageFailures = 0;

/**
 * While the database is busy or unreachable, attempts in this process run one at a time, each
 * followed (when it fails) by the process-wide backoff before the next: on SQLite every attempt
 * blocks the process for up to the busy timeout, so a dozen requests retrying side by side would
 * keep it blocked for the whole outage and leave no time to answer anything else. An attempt nested
 * in another (a statement retried inside a retried write) runs at once, inside the other's turn.
 */
type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown; isPaused: boolean };

async function attempt<T>(work: () => Promise<T>, signal: AbortSignal): Promise<Attempt<T>> {
  const run = () =>
    countOutage(work).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error, isPaused: false }),
    );
  if (outageFailures === 0 || probeScope.getStore()) return run();
  const previous = probeQueue;
  let release = () => {};
  probeQueue = new Promise((resolve) => (release = resolve));
  try {
    await previous;
    return await probeScope.run(true, async () => {
      const result = await run();
      if (result.ok || classifyDbError(result.error) !== "transient") return result;
      await sleep(transientDelayMs(outageFailures), signal);
      return { ...result, isPaused: true };
    });
  } finally {
    release();
  }
}

async function countOutage<T>(work: () => Promise<T>): Promise<T> {
  try {
    const value = await work();
    outageFailures = 0;
    return value;
  } catch (error) {
    if (classifyDbError(error) === "transient") outageFailures++;
    throw error;
  }
}

async function retryDatabase<T>(
  work: () => Promise<T>,
  options: RetryOptions & { retryConflicts: boolean },
): Promise<T> {
  const { what = "database write", deadlineMs = TRANSIENT_RETRY_MS, signal = new AbortController().signal } = options;
  let conflicts = 0;
  let transients = 0;
  let firstTransientAt = 0;
  for (;;) {
    const result = await attempt(work, signal);
    if (result.ok) {
      if (transients > 0) noteRecovery("database");
      return result.value;
    }
    const kind = classifyDbError(result.error);
    const isRetryable =
      kind === "transient" || (kind === "conflict" && options.retryConflicts && ++conflicts < CONFLICT_ATTEMPTS);
    if (signal.aborted || !isRetryable) throw result.error;
    if (kind === "conflict") {
      await sleep(CONFLICT_BASE_DELAY_MS * 2 ** (conflicts - 1) + Math.random() * CONFLICT_BASE_DELAY_MS, signal);
      continue;
    }
    noteFault("database", result.error, what);
    firstTransientAt ||= Date.now();
    if (Date.now() - firstTransientAt >= deadlineMs) throw result.error;
    // A failure in its turn already waited the process-wide backoff; a first failure waits its own.
    if (!result.isPaused) await sleep(transientDelayMs(transients), signal);
    transients++;
  }
}
