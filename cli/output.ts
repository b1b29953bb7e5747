/** Progress and notes go to stderr so stdout stays clean for --json output. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** Prints at most every `intervalMs` (and always the last call), so big imports show life without flooding. */
export function progressPrinter(label: string, total: number, intervalMs = 500) {
  const started = Date.now();
  let last = 0;
  return (done: number, detail = "") => {
    const now = Date.now();
    if (done < total && now - last < intervalMs) return;
    last = now;
    const seconds = (now - started) / 1000;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    note(`${label}: ${done}/${total} (${pct}%) ${seconds.toFixed(1)} s${detail ? `  ${detail}` : ""}`);
  };
}
