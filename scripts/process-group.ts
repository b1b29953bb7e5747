// Processes of a process group, read from Linux /proc: the test suites and benchmarks start servers in a
// group of their own, so a kill and a memory reading reach every process a server forked.
import fs from "node:fs";

/** Pids of group `pgid` that have not exited (zombies excluded: they hold no sockets or memory). */
export function livePidsInGroup(pgid: number): string[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // Fields after the command name's closing parenthesis: state, ppid, pgrp, ...
        const [state, , group] = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(")").at(-1)!.trim().split(" ");
        return Number(group) === pgid && state !== "Z";
      } catch {
        return false; // the process ended between listing and reading
      }
    });
}

/** A `/proc/<pid>/status` field in kB (VmRSS, VmHWM, ...), or 0 once the process has ended. */
export function statusKiB(pid: string, field: string): number {
  try {
    const line = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return Number(line?.[1] ?? 0);
  } catch {
    return 0; // the process ended between listing and reading
  }
}

/**
 * Sends `signal` to group `pgid` and waits until none of its processes is left. A SIGTERM that has not
 * ended the group within 5 s is followed by SIGKILL, as process managers do: Next's graceful shutdown
 * keeps serving a keep-alive connection for as long as a client keeps sending on it.
 */
export async function stopProcessGroup(pgid: number, signal: "SIGTERM" | "SIGKILL"): Promise<void> {
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // already gone
    }
  };
  signalGroup(signal);
  let killAt = signal === "SIGTERM" ? Date.now() + 5_000 : Infinity;
  while (livePidsInGroup(pgid).length > 0) {
    if (Date.now() > killAt) {
      signalGroup("SIGKILL");
      killAt = Infinity;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
