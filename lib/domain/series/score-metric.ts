/**
 * The metric a run logs as its task score, in order of preference: verl's `critic/score/mean`, then
 * TRL's mean reward (`reward` in trainer_state.json, `train/reward` in TensorBoard and W&B exports).
 * Without any of them the score is the mean rollout reward per step. The run page, runs list,
 * compare page and collapse detector all read the score through this one definition.
 */
export const SCORE_METRIC_KEYS = ["critic/score/mean", "reward", "train/reward"] as const;

export function isScoreMetricKey(key: string): boolean {
  return (SCORE_METRIC_KEYS as readonly string[]).includes(key);
}

/** The score key among a run's logged keys, or null when it logs none. */
export function scoreMetricKey(keys: Iterable<string>): string | null {
  const logged = new Set(keys);
  return SCORE_METRIC_KEYS.find((key) => logged.has(key)) ?? null;
}
