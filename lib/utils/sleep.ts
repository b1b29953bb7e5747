/**
 * Waits `ms`, or less when `signal` aborts. The abort listener is removed when the timer fires, so a
 * loop that sleeps for hours on one signal does not pile up listeners.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
