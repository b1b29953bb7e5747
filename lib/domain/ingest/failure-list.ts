import { FAILURE_KINDS, type FailureKind } from "../classifier/types";

/**
 * Failure kinds are stored as one delimited string (",bad_json,unclosed_tag,") so both SQLite and
 * PostgreSQL can filter with a plain `contains ",kind,"`, without a join table per turn.
 */
export function encodeFailures(failures: readonly FailureKind[]): string {
  return `,${failures.join(",")}${failures.length ? "," : ""}`;
}

export function decodeFailures(encoded: string): FailureKind[] {
  const known = new Set<string>(FAILURE_KINDS);
  return encoded.split(",").filter((f): f is FailureKind => known.has(f));
}

export function failureFilter(kind: FailureKind): string {
  return `,${kind},`;
}
