import { describeDbError } from "../db-errors";

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
};

const globalForFaults = globalThis as unknown as { spikewatchFaults?: Map<ServicePart, FaultRecord> };
const faults = (globalForFaults.spikewatchFaults ??= new Map());

/**
 * Records a failure of `part` that is being retried. Logged once per episode (the first failure
 * after a success), with what failed, so a database that is busy for ten seconds leaves one line
 * in the log, not one per retry; later failures only count.
 */
export function noteFault(part: ServicePart, error: unknown, what: string): void {
  const now = new Date().toISOString();
  const message = `${what}: ${describeDbError(error)}`;
  const record = faults.get(part);
  if (record && record.recoveredAt === null) {
    Object.assign(record, { lastError: message, lastErrorAt: now, failures: record.failures + 1 });
    return;
  }
  faults.set(part, { lastError: message, lastErrorAt: now, since: now, failures: 1, recoveredAt: null });
  console.error(`[spikewatch] ${part} unavailable (${message}); retrying with backoff, next line when it recovers`);
}

/** Closes the part's episode after a successful retry, with one log line saying how long it lasted. */
export function noteRecovery(part: ServicePart): void {
  const record = faults.get(part);
  if (!record || record.recoveredAt !== null) return;
  record.recoveredAt = new Date().toISOString();
  const seconds = (Date.parse(record.recoveredAt) - Date.parse(record.since)) / 1000;
  console.error(`[spikewatch] ${part} recovered after ${record.failures} failed attempt(s) over ${seconds.toFixed(1)} s`);
}

/** What this process saw go wrong, per part (a copy). */
export function recordedFaults(): Partial<Record<ServicePart, FaultRecord>> {
  return Object.fromEntries([...faults].map(([part, record]) => [part, { ...record }]));
}
