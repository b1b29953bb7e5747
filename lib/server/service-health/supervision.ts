/**
 * What `npm start` tells each process it starts: how often it restarted this process's slot before,
 * and why the previous one ended. A process started any other way reports 0 and null.
 */
export type Supervision = { restarts: number; lastExit: { reason: string; at: string } | null };

export const SUPERVISION_ENV = {
  restarts: "SPIKEWATCH_RESTARTS",
  lastExit: "SPIKEWATCH_LAST_EXIT",
  lastExitAt: "SPIKEWATCH_LAST_EXIT_AT",
} as const;

export function readSupervision(env: Record<string, string | undefined>): Supervision {
  const restarts = Number(env[SUPERVISION_ENV.restarts] ?? 0);
  const reason = env[SUPERVISION_ENV.lastExit];
  const at = env[SUPERVISION_ENV.lastExitAt];
  return {
    restarts: Number.isInteger(restarts) && restarts >= 0 ? restarts : 0,
    lastExit: reason && at ? { reason, at } : null,
  };
}
