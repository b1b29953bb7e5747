/**
 * One thing `spikewatch follow` tails. `poll` sends whatever became complete since the last poll and
 * records it in the position file; bad content is reported and remembered, never retried unchanged;
 * any other failure (the database is down) is thrown, and the next poll tries again from the same
 * position. `status` is this source's part of the one-line status.
 */
export type FollowSource = {
  poll(): Promise<void>;
  status(): string;
};
