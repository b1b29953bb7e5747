const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 20;

/**
 * Runs a write transaction again when it lost a race: a unique-key conflict with a concurrent writer
 * (P2002; the retry then sees the other writer's rows and skips them), a serialization conflict
 * (P2034) or SQLite's lock errors once its busy timeout ran out. Other errors pass through at once.
 */
export async function withWriteRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      const jitter = Math.random() * BASE_DELAY_MS;
      await new Promise((resolve) => setTimeout(resolve, BASE_DELAY_MS * 2 ** (attempt - 1) + jitter));
    }
  }
}

type DriverError = { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } } };

export function isRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message, meta } = error as DriverError;
  if (code === "P2002" || code === "P2034") return true;
  // The SQLite driver adapter reports SQLITE_BUSY as P1008 "Operation has timed out" and keeps the
  // driver's own code on the cause: a transaction that read first and then found the write lock
  // taken fails at once, without waiting out the busy timeout.
  const cause = meta?.driverAdapterError?.cause;
  const text = [code, message, cause?.originalCode, cause?.originalMessage].map((v) => String(v ?? "")).join(" ");
  return /SQLITE_BUSY|database is locked|could not serialize|deadlock detected/i.test(text);
}
