import { sleep } from "@/lib/utils/sleep";
import { note } from "../output";
import type { FollowSource } from "./follow-source";

export type FollowLoopOptions = { intervalMs: number; isOnce: boolean; signal: AbortSignal; label: string };

/**
 * Polls every source in turn, every `intervalMs`, until `signal` aborts (after the pass under way) or,
 * with `isOnce`, after one pass. After each pass a one-line status goes to stderr: rewritten in place
 * on a terminal, printed again only when it changes otherwise. A failed poll is reported and retried
 * on the next pass.
 */
export async function runFollowLoop(sources: readonly FollowSource[], options: FollowLoopOptions): Promise<void> {
  let shown = "";
  const isTty = process.stderr.isTTY === true;
  for (;;) {
    for (const source of sources) {
      try {
        await source.poll();
      } catch (error) {
        note(
          `${isTty ? "\n" : ""}${options.label}: ${(error as Error).message}; ` +
            `retrying in ${options.intervalMs / 1000} s`,
        );
        shown = "";
      }
    }
    const line = `${options.label}: ${sources.map((s) => s.status()).join(" | ")}`;
    if (isTty) process.stderr.write(`\r\x1b[K${line}`);
    else if (line !== shown) note(line);
    shown = line;
    if (options.isOnce || options.signal.aborted) break;
    await sleep(options.intervalMs, options.signal);
    if (options.signal.aborted) break;
  }
  if (isTty) process.stderr.write("\n");
}
