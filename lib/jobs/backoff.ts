export type BackoffOptions = { baseMs: number; maxMs: number };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 5 * 60_000 };

/**
 * When a failed job may run again: `baseMs * 2^(attempts-1)` after `now`, capped at `maxMs`.
 * `attempts` counts the tries made so far (1 after the first failure); values below 1 count as 1.
 */
export function nextRunAfter(attempts: number, now: Date, options: BackoffOptions = DEFAULT_BACKOFF): Date {
  const exponent = Math.max(0, Math.floor(attempts) - 1);
  const delay = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(exponent, 30));
  return new Date(now.getTime() + delay);
}
