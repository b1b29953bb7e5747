import { describeDbError, isSqliteBusy } from "../db-errors";

/** A part of the service whose trouble this process saw: the database, the blob store, its event streams. */
export type ServicePart = "database" | "blobStore" | "events";

/** One part's trouble as this process saw it, for the health report. */
export type FaultRecord = {
  /** the latest error, one line */
  lastError: string;
  lastErrorAt: string;
  /** when the current (or last) episode began: the first failure after a success */
  since: string;
  /** failures in the current (or last) episode */
  failures: number;
  /** set once a retry succeeded after the episode */
  recoveredAt: string | null;
  /** whether the episode's log line was written */
  isLogged: boolean;
};

/**
 * SQLite busy for less than this is ordinary contention between processes (it runs one writer at a
 * time), not an outage: recorded for the health report, not logged. Other faults log at once (a
 * PostgreSQL lock timeout has already waited its 5 s).
 */
const LOG_DATABASE_AFTER_MS = 1_000;

const globalForFaults = globalThis as unknown as { spikewatchFaults?: Map<ServicePart, FaultRecord> };
const faults = (globalForFaults.spikewatchFaults ??= new Map());

/**
 * Records a failure of `part` that is being retried. Logged once per episode (the first failure
 * after a success), with what failed, so a database that is busy for ten seconds leaves one line
 * in the log, not one per retry; later failures only count.
 */
export function noteFault(part: ServicePart, error: unknown, what: string): void {
  const now = new Date();
  const message = `${what}: ${describeDbError(error)}`;
  const previous = faults.get(part);
  const record: FaultRecord =
    previous && previous.recoveredAt === null
      ? { ...previous, lastError: message, lastErrorAt: now.toISOString(), failures: previous.failures + 1 }
      : {
          lastError: message,
          lastErrorAt: now.toISOString(),
          since: now.toISOString(),
          failures: 1,
          recoveredAt: null,
          isLogged: false,
        };
  const lastedMs = now.getTime() - Date.parse(record.since);
  if (!record.isLogged && (!isSqliteBusy(error) || lastedMs >= LOG_DATABASE_AFTER_MS)) {
    record.isLogged = true;
    console.error(`[spikewatch] ${part} unavailable (${message}); retrying with backoff, next line when it recovers`);
  }
  faults.set(part, record);
}

/** Closes the part's episode after a successful retry, with one log line saying how long it lasted. */
export function noteRecovery(part: ServicePart): void {
  const record = faults.get(part);
  if (!record || record.recoveredAt !== null) return;
  record.recoveredAt = new Date().toISOString();
  const seconds = (Date.parse(record.recoveredAt) - Date.parse(record.since)) / 1000;
  if (record.isLogged)
    console.error(
      `[spikewatch] ${part} recovered after ${record.failures} failed attempt(s) over ${seconds.toFixed(1)} s`,
    );
}

/** What this process saw go wrong, per part (a copy). */
export function recordedFaults(): Partial<Record<ServicePart, FaultRecord>> {
  return Object.fromEntries([...faults].map(([part, record]) => [part, { ...record }]));
}
